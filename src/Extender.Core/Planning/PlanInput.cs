using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>Everything a plan is computed from; built from a cluster snapshot, the claim ledger and the catalog.</summary>
public sealed record PlanInput
{
    public required IReadOnlyList<Pod> Pods { get; init; }
    public IReadOnlyList<ExistingNode> Nodes { get; init; } = [];
    public IReadOnlyList<InFlightClaim> InFlight { get; init; } = [];
    public required IReadOnlyList<NodePool> NodePools { get; init; }

    /// <summary>DaemonSet pods (one per DaemonSet): each adds its demand to every new node it would run on.</summary>
    public IReadOnlyList<Pod> DaemonSetPods { get; init; } = [];

    public required InstanceCatalog Catalog { get; init; }

    /// <summary>
    /// Every namespace of the cluster with its labels, for pod (anti-)affinity terms with a namespace selector:
    /// kube-scheduler matches the selector against the Namespace objects' labels. Null when the caller does not read
    /// namespaces: a selector then covers every namespace (the empty selector's meaning, and on the safe side for
    /// anti-affinity).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? NamespaceLabels { get; init; }

    /// <summary>
    /// Why <see cref="Catalog"/> offers no spot capacity, when the caller knows (no spot price source configured):
    /// the reason given to pods that need spot, instead of a bare "no instance type matches".
    /// </summary>
    public string? NoSpotReason { get; init; }
    public PlannerOptions Options { get; init; } = new();
}
