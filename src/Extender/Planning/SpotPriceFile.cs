using System.Globalization;
using System.Text.Json;
using Extender.Core.Catalog;

namespace Extender.Planning;

/// <summary>
/// Spot prices for <c>plan --spot-prices FILE</c>, in the JSON <c>aws ec2 describe-spot-price-history</c> writes
/// (<c>SpotPriceHistory[]</c> with <c>InstanceType</c>, <c>AvailabilityZone</c>, <c>SpotPrice</c>, <c>Timestamp</c>):
/// the newest price of each instance type and zone.
/// </summary>
internal static class SpotPriceFile
{
    public static SpotPriceSource Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            return SpotPrices.FromTable(Read(document.RootElement, path));
        }
        catch (JsonException e)
        {
            throw new PlanInputException($"{path}: not valid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the file: {e.Message}", e);
        }
    }

    private static Dictionary<(string, string), decimal> Read(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("SpotPriceHistory", out var history) || history.ValueKind != JsonValueKind.Array)
        {
            throw new PlanInputException($"{path}: field \"SpotPriceHistory\" is missing or not an array (write the file with aws ec2 describe-spot-price-history --output json)");
        }

        var newest = new Dictionary<(string, string), (DateTimeOffset At, decimal Price)>();
        var index = 0;
        foreach (var entry in history.EnumerateArray())
        {
            var where = $"{path}: SpotPriceHistory[{index++}]";
            var type = Text(entry, "InstanceType", where);
            var zone = Text(entry, "AvailabilityZone", where);
            if (!decimal.TryParse(Text(entry, "SpotPrice", where), NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price <= 0)
            {
                throw new PlanInputException($"{where}: field \"SpotPrice\" must be a positive number");
            }

            var at = entry.TryGetProperty("Timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var stamp) ? stamp : DateTimeOffset.MinValue;
            if (!newest.TryGetValue((type, zone), out var known) || at > known.At)
            {
                newest[(type, zone)] = (at, price);
            }
        }

        return newest.ToDictionary(e => e.Key, e => e.Value.Price);
    }

    private static string Text(JsonElement entry, string field, string where) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new PlanInputException($"{where}: field \"{field}\" is missing or not a string");
}
