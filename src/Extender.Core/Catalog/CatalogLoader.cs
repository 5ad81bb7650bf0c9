using System.Text.Json;
using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// Reads the catalog format of <c>ec2-instance-types-us-east-1.json</c>: per instance type its labels (Karpenter keys
/// are mapped onto ours), allocatable after node overhead and the on-demand price. The data has no zone availability,
/// so every type is assumed to be offered on demand in the zones <c>&lt;region&gt;a</c>, <c>b</c> and <c>c</c>; spot
/// offerings exist only where <see cref="SpotPriceSource"/> names a price.
/// </summary>
public static class CatalogLoader
{
    public static readonly IReadOnlyList<string> ZoneSuffixes = ["a", "b", "c"];

    public static InstanceCatalog Load(Stream json, SpotPriceSource? spotPrices = null)
    {
        using var reader = new StreamReader(json);
        return Load(reader.ReadToEnd(), spotPrices);
    }

    public static InstanceCatalog Load(string json, SpotPriceSource? spotPrices = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CatalogFormatException($"catalog is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var region = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("region", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()!
                : throw new CatalogFormatException("catalog: field \"region\" is missing or not a string");
            if (!root.TryGetProperty("instanceTypes", out var types) || types.ValueKind != JsonValueKind.Array)
            {
                throw new CatalogFormatException("catalog: field \"instanceTypes\" is missing or not an array");
            }

            var zones = ZoneSuffixes.Select(s => region + s).ToList();
            var result = new List<InstanceType>(types.GetArrayLength());
            var index = 0;
            foreach (var entry in types.EnumerateArray())
            {
                result.Add(ReadInstanceType(entry, index++, region, zones, spotPrices));
            }

            return new InstanceCatalog(result);
        }
    }

    private static InstanceType ReadInstanceType(JsonElement entry, int index, string region, List<string> zones, SpotPriceSource? spotPrices)
    {
        var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new CatalogFormatException($"catalog: instanceTypes[{index}]: field \"name\" is missing or not a string");
        var where = $"catalog: instance type \"{name}\"";
        if (!entry.TryGetProperty("onDemandPricePerHour", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out var price) || price < 0)
        {
            throw new CatalogFormatException($"{where}: field \"onDemandPricePerHour\" must be a non-negative number");
        }

        var labels = ReadStrings(entry, "labels", where).ToDictionary(l => KarpenterLabels.Normalize(l.Key), l => l.Value, StringComparer.Ordinal);
        labels[WellKnownLabels.InstanceType] = name;
        labels.TryAdd(WellKnownLabels.Os, "linux");
        labels.TryAdd(WellKnownLabels.Arch, "amd64");
        labels[WellKnownLabels.Region] = region;

        ResourceList allocatable;
        try
        {
            allocatable = ResourceList.Parse(ReadStrings(entry, "allocatable", where));
        }
        catch (FormatException e)
        {
            throw new CatalogFormatException($"{where}: field \"allocatable\": {e.Message}", e);
        }

        var offerings = new List<Offering>(zones.Count * 2);
        foreach (var zone in zones)
        {
            offerings.Add(new Offering(zone, CapacityTypes.OnDemand, price));
            if (spotPrices?.Invoke(name, zone, price) is { } spot)
            {
                offerings.Add(new Offering(zone, CapacityTypes.Spot, spot));
            }
        }

        return new InstanceType
        {
            Name = name,
            Labels = labels,
            Allocatable = allocatable,
            Capacity = MachineCapacity.FromLabels(labels, allocatable),
            Offerings = offerings,
        };
    }

    private static Dictionary<string, string> ReadStrings(JsonElement entry, string field, string where)
    {
        if (!entry.TryGetProperty(field, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            throw new CatalogFormatException($"{where}: field \"{field}\" is missing or not an object");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new CatalogFormatException($"{where}: field \"{field}.{property.Name}\" must be a string");
        }

        return result;
    }
}
