namespace Extender.Core.Planning;

/// <summary>
/// Which of a NodePool's instance types pods with some node requirements may run on (indexes into
/// <see cref="PoolCatalog.Types"/>), in which zones and capacity types, and the cheapest price of each type under
/// those choices. Shared by every group with the same requirements.
/// </summary>
internal sealed class GroupPoolFit(int id, List<PoolType> poolTypes, bool[] types, double[] minPrice, int zoneMask, int capacityTypeMask)
{
    private int[]? _byPrice;
    private int[]? _frontier;

    /// <summary>Tells this fit from the NodePool's other fits (pod groups with the same fits share a class).</summary>
    public int Id { get; } = id;
    public bool[] Types { get; } = types;
    public double[] MinPrice { get; } = minPrice;
    public int ZoneMask { get; } = zoneMask;
    public int CapacityTypeMask { get; } = capacityTypeMask;

    /// <summary>Per open key of the NodePool (<see cref="PoolCatalog.OpenKeys"/>), the values allowed (sorted); null: any.</summary>
    public string[]?[] OpenValues { get; init; } = [];

    /// <summary>The allowed types, cheapest first (ties in catalog order).</summary>
    public int[] ByPrice => _byPrice ??= SortByPrice();

    /// <summary>
    /// The allowed types no other allowed type beats: none is as cheap with at least as much room on every resource
    /// in at least the same zones. The best type for a new node is always among them.
    /// </summary>
    public int[] Frontier => _frontier ??= ComputeFrontier();

    private int[] SortByPrice()
    {
        var result = new List<int>();
        for (var t = 0; t < Types.Length; t++)
        {
            if (Types[t])
            {
                result.Add(t);
            }
        }

        result.Sort((a, b) => MinPrice[a] != MinPrice[b] ? MinPrice[a].CompareTo(MinPrice[b]) : a.CompareTo(b));
        return [.. result];
    }

    private int[] ComputeFrontier()
    {
        var frontier = new List<int>();
        foreach (var candidate in ByPrice)
        {
            var type = poolTypes[candidate];
            if (!frontier.Exists(kept => Dominates(poolTypes[kept], type)))
            {
                frontier.Add(candidate);
            }
        }

        return [.. frontier];
    }

    private static bool Dominates(PoolType kept, PoolType candidate)
    {
        if ((kept.ZoneMask & candidate.ZoneMask) != candidate.ZoneMask)
        {
            return false;
        }

        for (var i = 0; i < kept.PodCapacity.Length; i++)
        {
            if (kept.PodCapacity[i] < candidate.PodCapacity[i])
            {
                return false;
            }
        }

        return true;
    }
}
