namespace Extender.Core.Catalog;

/// <summary>The instance types a planner may choose from, in name order, with lookup by name.</summary>
public sealed class InstanceCatalog
{
    private readonly Dictionary<string, InstanceType> _byName;

    public InstanceCatalog(IEnumerable<InstanceType> instanceTypes)
    {
        var sorted = instanceTypes.ToList();
        sorted.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _byName = new Dictionary<string, InstanceType>(StringComparer.Ordinal);
        foreach (var type in sorted)
        {
            if (!_byName.TryAdd(type.Name, type))
            {
                throw new ArgumentException($"instance type \"{type.Name}\" is listed twice", nameof(instanceTypes));
            }
        }

        InstanceTypes = sorted;
    }

    public IReadOnlyList<InstanceType> InstanceTypes { get; }

    public InstanceType? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A catalog whose offerings are replaced by <paramref name="offerings"/> (for example with live availability).</summary>
    public InstanceCatalog WithOfferings(Func<InstanceType, IReadOnlyList<Offering>> offerings) =>
        new(InstanceTypes.Select(t => t with { Offerings = offerings(t) }));
}
