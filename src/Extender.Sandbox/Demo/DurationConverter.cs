using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Extender.Core.Disruption;

namespace Extender.Sandbox.Demo;

/// <summary>Reads durations as Go writes them (<c>500ms</c>, <c>5s</c>, <c>1m30s</c>) or as a number of seconds.</summary>
internal sealed class DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromSeconds(reader.GetDouble());
        }

        var text = reader.GetString() ?? "";
        return Durations.TryParse(text, out var duration) ? duration : throw new JsonException($"\"{text}\" is not a duration (e.g. 500ms, 5s, 1m30s)");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s");
}
