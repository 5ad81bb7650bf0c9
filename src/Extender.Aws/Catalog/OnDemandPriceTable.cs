using System.Text.Json;

namespace Extender.Aws.Catalog;

/// <summary>Prices read from the catalog JSON format: <c>{"instanceTypes":[{"name":"m7i.large","onDemandPricePerHour":0.1008}]}</c>.</summary>
internal sealed class OnDemandPriceTable(IReadOnlyDictionary<string, decimal> prices) : IOnDemandPrices
{
    public bool TryGetPrice(string instanceType, out decimal pricePerHour) => prices.TryGetValue(instanceType, out pricePerHour);

    public static OnDemandPriceTable Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (!document.RootElement.TryGetProperty("instanceTypes", out var types) || types.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: field \"instanceTypes\" is missing or not an array");
        }

        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in types.EnumerateArray())
        {
            if (entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && entry.TryGetProperty("onDemandPricePerHour", out var price) && price.ValueKind == JsonValueKind.Number)
            {
                prices[name.GetString()!] = price.GetDecimal();
            }
        }

        return new OnDemandPriceTable(prices);
    }
}
