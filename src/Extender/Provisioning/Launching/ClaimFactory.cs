using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Provisioning.Launching;

/// <summary>Writes a planned node down as a NodeClaim: the intent, before any money is spent.</summary>
internal static class ClaimFactory
{
    // The alphabet and length Kubernetes uses for generateName suffixes.
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int SuffixLength = 5;
    private const string DefaultNodeClass = "default";

    /// <param name="node">The planned node.</param>
    /// <param name="pool">Its NodePool.</param>
    /// <param name="catalog">The instance types its options come from.</param>
    /// <param name="now">The claim's creation time, and its holds' start.</param>
    /// <param name="share">The hold each planned pod gets; null for <see cref="Reserve"/> (a replacement slot passes its own).</param>
    public static NodeClaim Create(PlannedNode node, NodePool pool, InstanceCatalog catalog, DateTimeOffset now, Func<Pod, ReservedPod>? share = null)
    {
        var options = LaunchOptions(node, catalog);
        return new NodeClaim
        {
            Name = $"{pool.Name}-{Suffix()}",
            NodePool = pool.Name,
            NodeClass = NodeClassOf(pool),
            Requirements =
            [
                new NodeSelectorRequirement(WellKnownLabels.NodePool, "In", [pool.Name]),
                new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", [.. options.Select(o => o.InstanceType)]),
                new NodeSelectorRequirement(WellKnownLabels.Zone, "In", [node.Zone]),
                new NodeSelectorRequirement(WellKnownLabels.CapacityType, "In", [node.CapacityType]),
            ],
            Options = options,
            Resources = node.Pods.Aggregate(ResourceList.Empty, (sum, pod) => sum.Add(pod.Requests)),
            Labels = ClaimLabels(node, pool),

            // What drift compares against later; the node class's hash is the store's to add (it knows the class).
            Annotations = StaticHash.NodePool.Stamp(pool.TemplateHash),
            Taints = pool.Taints,
            StartupTaints = pool.StartupTaints,
            ReservedFor = [.. node.Pods.Select(p => share?.Invoke(p) ?? Reserve(p, now))],
            CreatedAt = now,
        };
    }

    /// <summary>
    /// The NodePool's labels and the value the planner chose for each key the NodePool leaves open (what the pods
    /// narrowed it to), as Karpenter writes a NodeClaim's single-valued requirements down as labels.
    /// </summary>
    private static Dictionary<string, string> ClaimLabels(PlannedNode node, NodePool pool)
    {
        var labels = new Dictionary<string, string>(pool.Labels, StringComparer.Ordinal);
        foreach (var (key, value) in node.Labels)
        {
            labels[key] = value;
        }

        labels[WellKnownLabels.NodePool] = pool.Name;
        return labels;
    }

    /// <summary>The EC2NodeClass a pool's nodes are launched with; a pool that names none uses <c>default</c>.</summary>
    public static string NodeClassOf(NodePool pool) => pool.NodeClassRef?.Name ?? DefaultNodeClass;

    public static ReservedPod Reserve(Pod pod, DateTimeOffset now) => new(new PodReference(pod.Namespace, pod.Name, pod.Uid), pod.Requests, now);

    /// <summary>The planned node's instance types as offerings in its zone and capacity type, in the planner's order (cheapest first).</summary>
    private static List<LaunchOption> LaunchOptions(PlannedNode node, InstanceCatalog catalog) =>
    [
        .. node.InstanceTypeOptions
            .Select(catalog.Find)
            .OfType<InstanceType>()
            .SelectMany(t => t.Offerings
                .Where(o => o.Available && o.Zone == node.Zone && o.CapacityType == node.CapacityType)
                .Select(o => new LaunchOption(t.Name, o.Zone, o.CapacityType, o.PricePerHour))),
    ];

    private static string Suffix() => string.Create(SuffixLength, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = SuffixAlphabet[Random.Shared.Next(SuffixAlphabet.Length)];
        }
    });
}
