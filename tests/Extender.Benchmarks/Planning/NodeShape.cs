using Extender.Core.Catalog;

namespace Extender.Benchmarks.Planning;

/// <summary>An instance type as the lower bound sees it: allocatable (in <see cref="PodSize"/> units) and cheapest price.</summary>
internal sealed record NodeShape(string Name, double[] Capacity, double Price)
{
    // Rounding in the unit conversion must never turn away a pod that fits: erring this way only lowers the bound.
    private const double Slack = 1e-9;

    public bool Holds(double[] used)
    {
        for (var r = 0; r < used.Length; r++)
        {
            if (used[r] > Capacity[r] * (1 + Slack))
            {
                return false;
            }
        }

        return true;
    }

    public int HowMany(double[] demand)
    {
        var most = double.PositiveInfinity;
        for (var r = 0; r < demand.Length; r++)
        {
            if (demand[r] > 0)
            {
                most = Math.Min(most, Capacity[r] * (1 + Slack) / demand[r]);
            }
        }

        return (int)Math.Min(int.MaxValue, Math.Floor(most));
    }

    /// <summary>
    /// Every type with a price, less those another type beats on every axis at no higher price: whatever a
    /// dominated node holds, the dominating one holds as cheaply, so dropping them cannot raise the optimum.
    /// </summary>
    public static List<NodeShape> Undominated(IReadOnlyList<InstanceType> types)
    {
        var shapes = types.Where(t => t.Offerings.Count > 0)
            .Select(t => new NodeShape(t.Name, PodSize.Vector(t.Allocatable), (double)t.Offerings.Min(o => o.PricePerHour)))
            .OrderBy(s => s.Price).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var kept = new List<NodeShape>();
        foreach (var shape in shapes)
        {
            if (!kept.Exists(k => k.Price <= shape.Price && k.Capacity.Select((c, r) => c >= shape.Capacity[r]).All(ok => ok)))
            {
                kept.Add(shape);
            }
        }

        return kept;
    }
}
