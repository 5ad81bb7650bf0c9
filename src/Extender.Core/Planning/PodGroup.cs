using Extender.Core.Cluster;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>
/// Pending pods that are interchangeable for placement (same namespace, labels, demand, priority and constraints).
/// Compatibility with every NodePool and instance type is computed once per group, never per pod.
/// </summary>
internal sealed class PodGroup(int id, Pod representative, List<Pod> pods, long[] demand, IReadOnlyList<RequirementSet> alternatives)
{
    public int Id { get; } = id;
    public Pod Representative { get; } = representative;
    public List<Pod> Pods { get; } = pods;
    public long[] Demand { get; } = demand;
    /// <summary>The pod's own node requirements (nodeSelector and required node affinity): what kube-scheduler filters on.</summary>
    public IReadOnlyList<RequirementSet> Required { get; } = alternatives;

    /// <summary>
    /// What a new node must meet: <see cref="Required"/> with the preference the relaxation has reached (see
    /// PlanningRun.ComputeFits); equal to it for a pod without preferences.
    /// </summary>
    public IReadOnlyList<RequirementSet> Alternatives { get; set; } = alternatives;

    /// <summary>Whether the relaxation reached tolerating PreferNoSchedule taints (Karpenter's last step).</summary>
    public bool ToleratesPreferNoSchedule { get; set; }

    public List<TopologyTerm> AntiAffinity { get; } = [];

    /// <summary>How many of <see cref="AntiAffinity"/>, from the start, keep other pods away too (the required terms; the rest are preferred terms that bind this group only).</summary>
    public int HeldAntiAffinity { get; set; }
    public List<TopologyTerm> Affinity { get; } = [];
    public List<SpreadRule> Spread { get; } = [];

    /// <summary>Terms whose selector selects this group's pods: placing one bumps their counts.</summary>
    public List<TopologyTerm> SelectedBy { get; } = [];

    /// <summary>Anti-affinity terms of other pods that select this group: it must keep out of their domains.</summary>
    public List<TopologyTerm> RepelledBy { get; } = [];

    public GroupPoolFit?[] Fits { get; set; } = [];

    /// <summary>
    /// For a group with topology constraints: the fits under each preferred term some NodePool meets, heaviest first,
    /// each tried in turn for every pod before the fits without preferences.
    /// </summary>
    public List<GroupPoolFit?[]> PreferredFits { get; } = [];

    /// <summary>Per NodePool, why it does not admit the group (taint, requirements, host port); null where it does.</summary>
    public string?[] PoolReasons { get; set; } = [];

    /// <summary>A reason no NodePool can take the group, set when every entry of <see cref="Fits"/> is null.</summary>
    public string? Unfit { get; set; }

    /// <summary>
    /// Keys (bits by index in <see cref="TermRegistry.Keys"/>) whose value is decided when a pod of the group is
    /// placed: its own terms' keys and those of terms that count it or repel it.
    /// </summary>
    public int NeedsKeys { get; set; }

    /// <summary>Of <see cref="NeedsKeys"/>, those its own spread or affinity needs the node to carry (a node without the label is no domain).</summary>
    public int RequiredKeys { get; set; }

    public bool NeedsZone => (NeedsKeys & (1 << TermRegistry.ZoneKey)) != 0;

    /// <summary>Placement depends on which node it shares with other pods (hostname terms); such nodes are not merged.</summary>
    public bool HostnameBound { get; set; }

    /// <summary>How many of the group one node can take because of its own hostname constraints.</summary>
    public int MaxPerNode { get; set; } = int.MaxValue;

    /// <summary>Groups with the same fits share a class, whose remaining demand steers the choice of instance type.</summary>
    public int FitClass { get; set; }

    /// <summary>Pods placed or given up on so far; the rest still weigh on the choice of instance type.</summary>
    public int Handled { get; set; }

    public int Remaining => Pods.Count - Handled;

    /// <summary>Per key, the values the group's topology spread is measured over: every value it could be placed in.</summary>
    public int[] DomainMasks { get; set; } = [];

    /// <summary>A constraint the planner cannot evaluate; the whole group is unschedulable.</summary>
    public bool Unsupported { get; set; }

    /// <summary>Bins before this index have permanently rejected the group (capacity or hostname constraints only grow).</summary>
    public int Cursor { get; set; }

    /// <summary>For a free group: existing nodes and in-flight claims before this index have no room left for it.</summary>
    public int FixedCursor { get; set; }

    public sbyte[] FixedBinFit { get; set; } = [];

    /// <summary>No topology constraint involves the group: its pods may go onto any node with room, in any order.</summary>
    /// <summary>Host ports the group's pods take: two such pods, or one and a DaemonSet on the same port, cannot share a node.</summary>
    public IReadOnlyList<HostPort> HostPorts { get; } = [.. representative.HostPorts.Where(p => p.Port > 0)];

    public bool Free => !Unsupported && HostPorts.Count == 0 && AntiAffinity.Count == 0 && Affinity.Count == 0 && Spread.Count == 0 && SelectedBy.Count == 0 && RepelledBy.Count == 0;

    /// <summary>Per NodePool, the cheapest fractional cost of one pod (see PlanningRun.StandaloneValue); 0 until computed.</summary>
    public double[]? StandaloneValues { get; set; }

    /// <summary>The type the last simulated fill chose for a node of this group, for which NodePool and zones, and how many free pods of the class were left then.</summary>
    public (int Type, int Pool, int Zones, int Left)? PackedChoice { get; set; }

    /// <summary>Set once by PlanningRun.FreePeers.</summary>
    public List<PodGroup>? FreePeers { get; set; }

    public bool SelectsSelf(TopologyTerm term) => SelectedBy.Contains(term);
}
