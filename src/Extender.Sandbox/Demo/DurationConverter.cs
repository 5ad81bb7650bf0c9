using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Extender.Sandbox.Demo;

/// <summary>Reads durations as Go writes them (<c>500ms</c>, <c>5s</c>, <c>1m30s</c>) or as a number of seconds.</summary>
internal sealed partial class DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromSeconds(reader.GetDouble());
        }

        var text = reader.GetString() ?? "";
        return TryParse(text, out var duration) ? duration : throw new JsonException($"\"{text}\" is not a duration (e.g. 500ms, 5s, 1m30s)");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s");

    private static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = Unit().Match(part.Value);
            var amount = double.Parse(unit.Groups["n"].Value, CultureInfo.InvariantCulture);
            duration += unit.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromHours(amount),
            };
        }

        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h)$")]
    private static partial Regex Unit();
}
