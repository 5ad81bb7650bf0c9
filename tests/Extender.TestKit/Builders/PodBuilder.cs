using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.TestKit.Builders;

/// <summary>
/// Fluent builder for Core pods: <c>new PodBuilder("web-0").Cpu("500m").Memory("1Gi").Build()</c>. Defaults: namespace
/// <c>default</c>, uid <c>&lt;namespace&gt;/&lt;name&gt;</c>, unbound and Pending, created 2025-01-01T00:00Z, one <c>pods</c> slot.
/// </summary>
public sealed class PodBuilder(string name)
{
    public static readonly DateTimeOffset DefaultCreatedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> _labels = [];
    private readonly Dictionary<string, string> _nodeSelector = [];
    private readonly Dictionary<string, long> _requests = new(StringComparer.Ordinal) { [ResourceNames.Pods] = 1_000 };
    private readonly List<NodeSelectorTerm> _nodeAffinity = [];
    private readonly List<Toleration> _tolerations = [];
    private readonly List<HostPort> _hostPorts = [];
    private readonly List<PodAffinityTerm> _affinity = [];
    private readonly List<PodAffinityTerm> _antiAffinity = [];
    private readonly List<TopologySpreadConstraint> _spread = [];
    private string _namespace = "default";
    private string? _uid;
    private string? _nodeName;
    private string _schedulerName = "default-scheduler";
    private int _priority;
    private DateTimeOffset _createdAt = DefaultCreatedAt;
    private string? _ownerKind;
    private string? _ownerUid;
    private string _phase = "Pending";
    private bool _terminating;
    private bool _markedUnschedulable;
    private string? _priorityClassName;
    private TimeSpan _grace = TimeSpan.FromSeconds(30);
    private string? _doNotDisrupt;

    public PodBuilder Namespace(string ns)
    {
        _namespace = ns;
        return this;
    }

    public PodBuilder Uid(string uid)
    {
        _uid = uid;
        return this;
    }

    /// <summary>Binds the pod to <paramref name="nodeName"/> and marks it Running.</summary>
    public PodBuilder OnNode(string nodeName)
    {
        _nodeName = nodeName;
        _phase = "Running";
        return this;
    }

    public PodBuilder SchedulerName(string schedulerName)
    {
        _schedulerName = schedulerName;
        return this;
    }

    public PodBuilder Priority(int priority)
    {
        _priority = priority;
        return this;
    }

    public PodBuilder CreatedAt(DateTimeOffset createdAt)
    {
        _createdAt = createdAt;
        return this;
    }

    public PodBuilder Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public PodBuilder Cpu(string quantity) => Request(ResourceNames.Cpu, quantity);

    public PodBuilder Memory(string quantity) => Request(ResourceNames.Memory, quantity);

    public PodBuilder Gpu(int count) => Request(ResourceNames.NvidiaGpu, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sets the pod's total request of <paramref name="resource"/> (replacing an earlier value).</summary>
    public PodBuilder Request(string resource, string quantity)
    {
        _requests[resource] = Quantity.ParseMilli(quantity);
        return this;
    }

    public PodBuilder NodeSelector(string key, string value)
    {
        _nodeSelector[key] = value;
        return this;
    }

    /// <summary>Adds one required node affinity term (terms are ORed) made of <paramref name="expressions"/> (ANDed).</summary>
    public PodBuilder RequireNodeAffinity(params NodeSelectorRequirement[] expressions) =>
        RequireNodeAffinity(new NodeSelectorTerm(expressions, []));

    public PodBuilder RequireNodeAffinity(NodeSelectorTerm term)
    {
        _nodeAffinity.Add(term);
        return this;
    }

    /// <summary>Tolerates <paramref name="key"/>=<paramref name="value"/> (operator Equal); an empty effect matches every effect.</summary>
    public PodBuilder Toleration(string key, string value, string effect = "") =>
        Toleration(new Toleration(key, "Equal", value, effect));

    /// <summary>Tolerates any value of <paramref name="key"/> (operator Exists); an empty key tolerates every taint.</summary>
    public PodBuilder TolerationExists(string key, string effect = "") =>
        Toleration(new Toleration(key, "Exists", "", effect));

    public PodBuilder Toleration(Toleration toleration)
    {
        _tolerations.Add(toleration);
        return this;
    }

    public PodBuilder HostPort(int port, string protocol = "TCP", string hostIp = "")
    {
        _hostPorts.Add(new HostPort(protocol, hostIp, port));
        return this;
    }

    /// <summary>Required pod affinity to pods labelled with <paramref name="matchLabels"/> in the same <paramref name="topologyKey"/> domain.</summary>
    public PodBuilder Affinity(string topologyKey, params (string Key, string Value)[] matchLabels) =>
        Affinity(Term(topologyKey, matchLabels));

    public PodBuilder Affinity(PodAffinityTerm term)
    {
        _affinity.Add(term);
        return this;
    }

    /// <summary>Required pod anti-affinity to pods labelled with <paramref name="matchLabels"/> in the same <paramref name="topologyKey"/> domain.</summary>
    public PodBuilder AntiAffinity(string topologyKey, params (string Key, string Value)[] matchLabels) =>
        AntiAffinity(Term(topologyKey, matchLabels));

    public PodBuilder AntiAffinity(PodAffinityTerm term)
    {
        _antiAffinity.Add(term);
        return this;
    }

    public PodBuilder TopologySpread(TopologySpreadConstraint constraint)
    {
        _spread.Add(constraint);
        return this;
    }

    /// <param name="kind">The controller's kind.</param>
    /// <param name="uid">The controller's UID; without one, nothing is known to recreate the pod elsewhere (no replacement slot).</param>
    public PodBuilder OwnedBy(string kind, string? uid = null)
    {
        _ownerKind = kind;
        _ownerUid = uid;
        return this;
    }

    public PodBuilder Phase(string phase)
    {
        _phase = phase;
        return this;
    }

    public PodBuilder Terminating()
    {
        _terminating = true;
        return this;
    }

    public PodBuilder PriorityClass(string name)
    {
        _priorityClassName = name;
        return this;
    }

    public PodBuilder Grace(TimeSpan grace)
    {
        _grace = grace;
        return this;
    }

    /// <summary>The do-not-disrupt annotation's value (<c>true</c> or a duration).</summary>
    public PodBuilder DoNotDisrupt(string value)
    {
        _doNotDisrupt = value;
        return this;
    }

    /// <summary>Marks the pod's <c>PodScheduled</c> condition False/Unschedulable.</summary>
    public PodBuilder MarkedUnschedulable()
    {
        _markedUnschedulable = true;
        return this;
    }

    public Pod Build() => new()
    {
        Uid = _uid ?? $"{_namespace}/{name}",
        Namespace = _namespace,
        Name = name,
        NodeName = _nodeName,
        SchedulerName = _schedulerName,
        Priority = _priority,
        CreatedAt = _createdAt,
        Labels = new Dictionary<string, string>(_labels),
        Requests = ResourceList.From(_requests),
        NodeSelector = new Dictionary<string, string>(_nodeSelector),
        RequiredNodeAffinity = [.. _nodeAffinity],
        Tolerations = [.. _tolerations],
        HostPorts = [.. _hostPorts],
        RequiredPodAffinity = [.. _affinity],
        RequiredPodAntiAffinity = [.. _antiAffinity],
        TopologySpread = [.. _spread],
        OwnerKind = _ownerKind,
        OwnerUid = _ownerUid,
        Phase = _phase,
        Terminating = _terminating,
        MarkedUnschedulable = _markedUnschedulable,
        PriorityClassName = _priorityClassName,
        TerminationGracePeriod = _grace,
        DoNotDisrupt = _doNotDisrupt,
    };

    private static PodAffinityTerm Term(string topologyKey, (string Key, string Value)[] matchLabels) =>
        new(new LabelSelector(matchLabels.ToDictionary(l => l.Key, l => l.Value), []), topologyKey, [], null);
}
