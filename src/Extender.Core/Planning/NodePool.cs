using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>
/// What nodes a NodePool may launch: requirements on node labels (instance type attributes, zone, capacity type),
/// labels and taints its nodes carry, a cap on the total capacity it launches, and a weight (higher is tried first).
/// </summary>
public sealed record NodePool
{
    public required string Name { get; init; }
    public int Weight { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public RequirementSet Requirements { get; init; } = RequirementSet.Empty;
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>Taints present only while the node starts; pods need not tolerate them to be planned onto it.</summary>
    public IReadOnlyList<Taint> StartupTaints { get; init; } = [];

    /// <summary>Total capacity (vCPUs, memory, ...) this NodePool may have; null: unlimited.</summary>
    public ResourceList? Limits { get; init; }

    public NodeClassReference? NodeClassRef { get; init; }

    /// <summary>Its node class's kubelet settings; null: the catalog's allocatable (the kubelet's defaults).</summary>
    public KubeletSettings? Kubelet { get; init; }

    /// <summary>How long a node lives before it is replaced; null: never (Karpenter's default is 720h).</summary>
    public TimeSpan? ExpireAfter { get; init; } = TimeSpan.FromHours(720);

    public DisruptionSettings Disruption { get; init; } = DisruptionSettings.Default;

    /// <summary>How long a node may take to drain once its deletion began; null: as long as its PodDisruptionBudgets make it.</summary>
    public TimeSpan? TerminationGracePeriod { get; init; }

    /// <summary>Replace a node EC2 recommends rebalancing, within the budgets (<see cref="Interruption.RebalanceRecommendations"/>); false: an event only, as Karpenter.</summary>
    public bool ReplacesOnRebalanceRecommendation { get; init; }

    /// <summary>The hash of the template fields drift compares (<see cref="StaticHash.NodePool"/>); null: unknown, never drifts.</summary>
    public string? TemplateHash { get; init; }
}
