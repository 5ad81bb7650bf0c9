using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>
/// One node during planning: an existing node, an in-flight claim, or a new node with a tentative instance type.
/// Counts per topology term make anti-affinity and spread checks O(1) per term.
/// </summary>
internal sealed class Bin(int index, BinKind kind, string name, long[] capacity, int termCount, int keyCount)
{
    public int Index { get; } = index;
    public BinKind Kind { get; } = kind;
    public string Name { get; } = name;

    /// <summary>Room for pods: free capacity of a fixed bin, or the tentative type's room after DaemonSets.</summary>
    public long[] Capacity { get; set; } = capacity;

    public long[] Used { get; } = new long[capacity.Length];
    /// <summary>Per topology key (<see cref="TermRegistry.Keys"/>), the index of the node's value; -1 while open or absent.</summary>
    public int[] Domains { get; } = Enumerable.Repeat(-1, keyCount).ToArray();

    public int Zone
    {
        get => Domains[TermRegistry.ZoneKey];
        set => Domains[TermRegistry.ZoneKey] = value;
    }

    /// <summary>
    /// For a new node, keys (bits) instance types define that its pods were placed without (its type lacks the label,
    /// so they went uncounted): its types must keep lacking it.
    /// </summary>
    public int TypeKeysAbsent { get; set; }

    public int ZoneMask { get; set; } = -1;
    public int CapacityTypeMask { get; set; } = -1;
    public PoolModel? Pool { get; set; }
    public int TypeIndex { get; set; } = -1;
    public double Price { get; set; }
    public bool HostnameBound { get; set; }
    public bool Removed { get; set; }

    /// <summary>For a new node, per open key of its NodePool, the values every pod on it accepts (sorted); null: any.</summary>
    public string[]?[] OpenValues { get; set; } = [];

    /// <summary>Labels of a fixed bin (with <c>metadata.name</c>), matched against pod requirements.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; init; } = [];
    public List<Pod> Placed { get; } = [];

    /// <summary>Host ports taken on the node: by its pods, and on a new node by the DaemonSets that would run there.</summary>
    public List<HostPort> Ports { get; } = [];
    public Dictionary<int, int> Groups { get; } = [];
    public int[] TermCounts { get; } = new int[termCount];
    public int[] HolderCounts { get; } = new int[termCount];
}
