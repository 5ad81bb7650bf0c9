using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.TestKit.Planning;

/// <summary>Builds pending Core pods for planner tests and benchmarks: requests plus the constraints the planner honours.</summary>
public sealed class PendingPodBuilder(string name, string @namespace = "default")
{
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeSelector = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _requests = new(StringComparer.Ordinal) { [ResourceNames.Pods] = 1000 };
    private readonly List<Toleration> _tolerations = [];
    private readonly List<PodAffinityTerm> _affinity = [];
    private readonly List<PodAffinityTerm> _antiAffinity = [];
    private readonly List<TopologySpreadConstraint> _spread = [];
    private readonly List<NodeSelectorTerm> _nodeAffinity = [];
    private readonly List<PreferredSchedulingTerm> _preferred = [];
    private readonly List<WeightedPodAffinityTerm> _preferredAffinity = [];
    private readonly List<WeightedPodAffinityTerm> _preferredAntiAffinity = [];
    private int _priority;

    public PendingPodBuilder Cpu(string quantity) => Request(ResourceNames.Cpu, quantity);

    public PendingPodBuilder Memory(string quantity) => Request(ResourceNames.Memory, quantity);

    public PendingPodBuilder Gpu(int count) => Request(ResourceNames.NvidiaGpu, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public PendingPodBuilder Request(string resource, string quantity)
    {
        _requests[resource] = Quantity.ParseMilli(quantity);
        return this;
    }

    public PendingPodBuilder Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public PendingPodBuilder NodeSelector(string key, string value)
    {
        _nodeSelector[key] = value;
        return this;
    }

    public PendingPodBuilder NodeAffinity(string key, string @operator, params string[] values)
    {
        _nodeAffinity.Add(new NodeSelectorTerm([new NodeSelectorRequirement(key, @operator, values)], []));
        return this;
    }

    /// <summary>A preferred node affinity term of one requirement.</summary>
    public PendingPodBuilder Prefer(int weight, string key, string @operator, params string[] values)
    {
        _preferred.Add(new PreferredSchedulingTerm(weight, new NodeSelectorTerm([new NodeSelectorRequirement(key, @operator, values)], [])));
        return this;
    }

    public PendingPodBuilder Tolerate(string key, string value = "", string effect = "NoSchedule")
    {
        _tolerations.Add(new Toleration(key, value.Length == 0 ? "Exists" : "Equal", value, effect));
        return this;
    }

    public PendingPodBuilder Priority(int priority)
    {
        _priority = priority;
        return this;
    }

    /// <summary>Required anti-affinity to pods with label <paramref name="key"/>=<paramref name="value"/> per <paramref name="topologyKey"/>.</summary>
    public PendingPodBuilder AntiAffinity(string key, string value, string topologyKey = WellKnownLabels.Hostname)
    {
        _antiAffinity.Add(new PodAffinityTerm(Selector(key, value), topologyKey, [], null));
        return this;
    }

    public PendingPodBuilder Affinity(string key, string value, string topologyKey = WellKnownLabels.Zone)
    {
        _affinity.Add(new PodAffinityTerm(Selector(key, value), topologyKey, [], null));
        return this;
    }

    /// <summary>Preferred anti-affinity (weight <paramref name="weight"/>) to pods with label <paramref name="key"/>=<paramref name="value"/> per <paramref name="topologyKey"/>.</summary>
    public PendingPodBuilder PreferAntiAffinity(int weight, string key, string value, string topologyKey = WellKnownLabels.Hostname)
    {
        _preferredAntiAffinity.Add(new WeightedPodAffinityTerm(weight, new PodAffinityTerm(Selector(key, value), topologyKey, [], null)));
        return this;
    }

    /// <summary>Preferred affinity (weight <paramref name="weight"/>) to pods with label <paramref name="key"/>=<paramref name="value"/> per <paramref name="topologyKey"/>.</summary>
    public PendingPodBuilder PreferAffinity(int weight, string key, string value, string topologyKey = WellKnownLabels.Zone)
    {
        _preferredAffinity.Add(new WeightedPodAffinityTerm(weight, new PodAffinityTerm(Selector(key, value), topologyKey, [], null)));
        return this;
    }

    public PendingPodBuilder Spread(string key, string value, string topologyKey = WellKnownLabels.Zone, int maxSkew = 1, bool hard = true, int? minDomains = null)
    {
        _spread.Add(new TopologySpreadConstraint(maxSkew, topologyKey, hard ? "DoNotSchedule" : "ScheduleAnyway", Selector(key, value), minDomains));
        return this;
    }

    public Pod Build() => new()
    {
        Uid = $"uid-{@namespace}-{name}",
        Namespace = @namespace,
        Name = name,
        Priority = _priority,
        Labels = new Dictionary<string, string>(_labels),
        Requests = ResourceList.From(_requests),
        NodeSelector = new Dictionary<string, string>(_nodeSelector),
        RequiredNodeAffinity = [.. _nodeAffinity],
        PreferredNodeAffinity = [.. _preferred],
        Tolerations = [.. _tolerations],
        RequiredPodAffinity = [.. _affinity],
        RequiredPodAntiAffinity = [.. _antiAffinity],
        PreferredPodAffinity = [.. _preferredAffinity],
        PreferredPodAntiAffinity = [.. _preferredAntiAffinity],
        TopologySpread = [.. _spread],
    };

    /// <summary><paramref name="count"/> pods named <c>prefix-0</c>.. built by <paramref name="configure"/>.</summary>
    public static List<Pod> Many(int count, string prefix, Func<PendingPodBuilder, PendingPodBuilder> configure) =>
        [.. Enumerable.Range(0, count).Select(i => configure(new PendingPodBuilder($"{prefix}-{i}")).Build())];

    private static LabelSelector Selector(string key, string value) =>
        new(new Dictionary<string, string> { [key] = value }, []);
}
