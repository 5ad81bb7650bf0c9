using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>
/// A pod as the scheduling core sees it: identity, placement, computed demand (<see cref="Requests"/> includes one
/// <c>pods</c> slot) and every constraint the fit predicates and the planner honour. Adapters map API objects onto it.
/// </summary>
public sealed record Pod
{
    public required string Uid { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public string? NodeName { get; init; }
    public string SchedulerName { get; init; } = "default-scheduler";
    public int Priority { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty;
    public required ResourceList Requests { get; init; }
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = Empty;

    /// <summary>Required node affinity terms (ORed); empty when the pod has none.</summary>
    public IReadOnlyList<NodeSelectorTerm> RequiredNodeAffinity { get; init; } = [];

    /// <summary>Preferred node affinity terms, in the pod's order; the planner follows them as Karpenter does (heaviest first, relaxed one at a time).</summary>
    public IReadOnlyList<PreferredSchedulingTerm> PreferredNodeAffinity { get; init; } = [];

    public IReadOnlyList<Toleration> Tolerations { get; init; } = [];
    public IReadOnlyList<HostPort> HostPorts { get; init; } = [];
    public IReadOnlyList<PodAffinityTerm> RequiredPodAffinity { get; init; } = [];
    public IReadOnlyList<PodAffinityTerm> RequiredPodAntiAffinity { get; init; } = [];

    /// <summary>Preferred pod affinity terms, in the pod's order; the planner follows them as Karpenter does (required until the pod fails, then dropped one at a time, heaviest first).</summary>
    public IReadOnlyList<WeightedPodAffinityTerm> PreferredPodAffinity { get; init; } = [];

    /// <summary>Preferred pod anti-affinity terms, in the pod's order; followed like <see cref="PreferredPodAffinity"/>, and dropped after them.</summary>
    public IReadOnlyList<WeightedPodAffinityTerm> PreferredPodAntiAffinity { get; init; } = [];
    public IReadOnlyList<TopologySpreadConstraint> TopologySpread { get; init; } = [];

    /// <summary>
    /// <c>spec.schedulingGates</c> is not empty: kube-scheduler does not try the pod until its gates are lifted, so no
    /// capacity is bought for it before then.
    /// </summary>
    public bool SchedulingGated { get; init; }

    /// <summary>Kind of the controlling owner (<c>DaemonSet</c>, <c>ReplicaSet</c>, ...), or null.</summary>
    public string? OwnerKind { get; init; }

    /// <summary>UID of the controlling owner, or null: what a replacement created by the same controller shares.</summary>
    public string? OwnerUid { get; init; }

    /// <summary>Pending, Running, Succeeded, Failed or Unknown. Finished pods hold no node resources.</summary>
    public string Phase { get; init; } = "Pending";

    public bool Terminating { get; init; }

    /// <summary><c>spec.priorityClassName</c>: the system-critical classes are drained after every other pod.</summary>
    public string? PriorityClassName { get; init; }

    /// <summary><c>spec.terminationGracePeriodSeconds</c> (the API server's default is 30 s).</summary>
    public TimeSpan TerminationGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The do-not-disrupt annotation's value (<c>true</c> or a duration), or null when the pod has none.</summary>
    public string? DoNotDisrupt { get; init; }

    /// <summary>The pod's <c>PodScheduled</c> condition is False with reason Unschedulable.</summary>
    public bool MarkedUnschedulable { get; init; }

    public string Key => $"{Namespace}/{Name}";

    public bool IsFinished => Phase is "Succeeded" or "Failed";

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
