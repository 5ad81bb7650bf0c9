using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Core.Consolidation;

/// <summary>
/// A cheap lower bound on what a single-node move must buy, so that a pass does not run the planner for nodes that
/// cannot be consolidated. A displaced pod whose CPU and memory no destination's free room holds must go on a new
/// node; of the others, whatever exceeds the free room of all destinations taken together (per resource) must too.
/// A single-node move may buy one node, so it costs at least the cheapest offering, of any NodePool, of a type whose
/// room after DaemonSets holds that. The bound ignores how the rest of the room is split across nodes, pod
/// requirements, availability and limits, each of which can only make the real move dearer: a node it rules out is
/// one the planner's move would be refused for.
/// </summary>
internal sealed class ReplacementBound
{
    private readonly List<(ResourceList Room, decimal Price)> _types;
    private readonly Dictionary<string, ResourceList> _free = new(StringComparer.Ordinal);
    private ResourceList _total = ResourceList.Empty;

    // Every destination's free CPU and memory, rebuilt when the room changed.
    private Dominance? _rooms;

    public ReplacementBound(PlanInput template)
    {
        // The planner's own model of what each NodePool can launch (kept with the catalog, so shared with its plans).
        var model = CatalogModel.Shared(template.Catalog, template.NodePools, [.. template.DaemonSetPods.OrderBy(p => p.Key, StringComparer.Ordinal)]);
        _types =
        [
            .. model.Pools
                .SelectMany(pool => pool.Types)
                .Where(type => type.Offerings.Length > 0)
                .Select(type => (Room: model.Axes.ToList(type.PodCapacity), Price: type.Offerings.Min(o => o.PricePerHour)))
                .OrderBy(type => type.Price),
        ];
    }

    /// <summary>Records a destination's free room (null: no longer a destination).</summary>
    public void Set(string destination, ResourceList? free)
    {
        if (_free.Remove(destination, out var old))
        {
            _total = _total.Subtract(old);
        }

        if (free is not null)
        {
            var positive = free.Max(ResourceList.Empty);
            _free[destination] = positive;
            _total = _total.Add(positive);
        }

        _rooms = null;
    }

    /// <summary>
    /// The least one new node could cost that holds what the destinations other than <paramref name="leaving"/>
    /// cannot of <paramref name="displaced"/>: 0 when their room might take it all, null when no type could.
    /// </summary>
    public decimal? Cheapest(string leaving, IReadOnlyList<Pod> displaced)
    {
        _rooms ??= new Dominance(_free.Values.Select(f => (f[ResourceNames.Cpu], f[ResourceNames.Memory])));
        var nowhere = ResourceList.Empty;
        var elsewhere = ResourceList.Empty;
        foreach (var pod in displaced)
        {
            // The leaving node's own room is among the fits: that can only make the bound lower.
            if (_rooms.AnyAtLeast(pod.Requests[ResourceNames.Cpu], pod.Requests[ResourceNames.Memory]))
            {
                elsewhere = elsewhere.Add(pod.Requests);
            }
            else
            {
                nowhere = nowhere.Add(pod.Requests);
            }
        }

        var room = _free.TryGetValue(leaving, out var own) ? _total.Subtract(own) : _total;
        var excess = nowhere.Add(elsewhere.Subtract(room).Max(ResourceList.Empty));
        if (excess.All(e => e.Value <= 0))
        {
            return 0m;
        }

        foreach (var (typeRoom, price) in _types)
        {
            if (excess.FitsIn(typeRoom))
            {
                return price;
            }
        }

        return null;
    }
}
