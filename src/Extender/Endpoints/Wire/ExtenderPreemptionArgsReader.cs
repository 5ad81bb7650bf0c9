using System.Text.Json;
using Extender.Endpoints.Http;
using k8s;

namespace Extender.Endpoints.Wire;

/// <summary>Reads <c>ExtenderPreemptionArgs</c>; same envelope rules as <see cref="ExtenderArgsReader"/>.</summary>
internal static class ExtenderPreemptionArgsReader
{
    private const string Envelope = "ExtenderPreemptionArgs";
    private const int PodKey = 0;
    private const int VictimsKey = 1;
    private const int MetaVictimsKey = 2;
    private const int PodsKey = 0;
    private const int ViolationsKey = 1;

    private static readonly string[] Keys = ["Pod", "NodeNameToVictims", "NodeNameToMetaVictims"];
    private static readonly string[] VictimsKeys = ["Pods", "NumPDBViolations"];

    public static ExtenderPreemptionArgs Read(ReadOnlySpan<byte> body)
    {
        var reader = JsonInput.Open(body, Envelope);
        k8s.Models.V1Pod? pod = null;
        Dictionary<string, Victims>? victims = null;
        Dictionary<string, MetaVictims>? metaVictims = null;
        while (JsonInput.NextProperty(ref reader, Keys, Envelope, out var key))
        {
            switch (key)
            {
                case PodKey:
                    pod = ExtenderArgsReader.ReadPod(ref reader, "Pod");
                    break;
                case VictimsKey:
                    victims = ReadVictimsMap(ref reader);
                    break;
                case MetaVictimsKey:
                    metaVictims = ReadMetaVictimsMap(ref reader);
                    break;
                default:
                    JsonInput.Skip(ref reader, Envelope);
                    break;
            }
        }

        return pod is null
            ? throw new ExtenderRequestException("Pod is required")
            : new ExtenderPreemptionArgs(pod, victims, metaVictims);
    }

    private static Dictionary<string, MetaVictims>? ReadMetaVictimsMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartObject, "NodeNameToMetaVictims");
        return JsonInput.Read(ref reader, WireJsonContext.Default.DictionaryStringMetaVictims, "NodeNameToMetaVictims");
    }

    private static Dictionary<string, Victims>? ReadVictimsMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartObject, "NodeNameToVictims");
        var map = new Dictionary<string, Victims>(StringComparer.Ordinal);
        while (true)
        {
            JsonInput.Advance(ref reader, "NodeNameToVictims");
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }

            var node = reader.GetString()!;
            JsonInput.Advance(ref reader, "NodeNameToVictims");
            map[node] = ReadVictims(ref reader, $"NodeNameToVictims[{node}]");
        }
    }

    private static Victims ReadVictims(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return new Victims([], 0);
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartObject, field);
        IReadOnlyList<k8s.Models.V1Pod> pods = [];
        long violations = 0;
        while (JsonInput.NextProperty(ref reader, VictimsKeys, field, out var key))
        {
            switch (key)
            {
                case PodsKey when reader.TokenType is JsonTokenType.StartArray or JsonTokenType.Null:
                    pods = [.. JsonInput.Read(ref reader, SourceGenerationContext.Default.IListV1Pod, $"{field}.Pods") ?? []];
                    break;
                case PodsKey:
                    throw JsonInput.WrongType($"{field}.Pods", JsonTokenType.StartArray, reader.TokenType);
                case ViolationsKey:
                    violations = ReadInt64(ref reader, $"{field}.NumPDBViolations");
                    break;
                default:
                    JsonInput.Skip(ref reader, field);
                    break;
            }
        }

        return new Victims(pods, violations);
    }

    private static long ReadInt64(ref Utf8JsonReader reader, string field)
    {
        JsonInput.Expect(ref reader, JsonTokenType.Number, field);
        return reader.TryGetInt64(out var value)
            ? value
            : throw new ExtenderRequestException($"{field}: expected an integer, got {reader.GetDouble()}");
    }
}
