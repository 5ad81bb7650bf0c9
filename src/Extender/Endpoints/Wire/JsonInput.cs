using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Extender.Endpoints.Http;

namespace Extender.Endpoints.Wire;

/// <summary>
/// Token-level helpers for the hand-read envelopes. Upstream's envelope structs have no json tags and Go matches keys
/// case-insensitively, so keys are compared ignoring case; unknown keys are skipped and the last duplicate wins.
/// Every failure becomes an <see cref="ExtenderRequestException"/> that names the offending field.
/// </summary>
internal static class JsonInput
{
    private const int MaxKeyLength = 64;

    public static Utf8JsonReader Open(ReadOnlySpan<byte> body, string envelope)
    {
        if (body.IsEmpty)
        {
            throw new ExtenderRequestException($"request body is empty; expected a JSON {envelope} object");
        }

        var reader = new Utf8JsonReader(body);
        Advance(ref reader, envelope);
        Expect(ref reader, JsonTokenType.StartObject, envelope);
        return reader;
    }

    /// <summary>
    /// Moves to the next property of the current object and onto its value. Returns false at the end of the object;
    /// <paramref name="key"/> is the index of the matching name in <paramref name="keys"/>, or -1 for an unknown key.
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader, ReadOnlySpan<string> keys, string context, out int key)
    {
        Advance(ref reader, context);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            key = -1;
            return false;
        }

        key = MatchKey(ref reader, keys);
        Advance(ref reader, context);
        return true;
    }

    public static void Skip(ref Utf8JsonReader reader, string context)
    {
        try
        {
            reader.Skip();
        }
        catch (JsonException e)
        {
            throw Malformed(context, e);
        }
    }

    /// <summary>Reads an object, array or null through a typed contract (the Kubernetes models' own converters).</summary>
    public static T? Read<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string field)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, typeInfo);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new ExtenderRequestException($"{field}: {e.Message}", e);
        }
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string field)
    {
        if (reader.TokenType != expected)
        {
            throw WrongType(field, expected, reader.TokenType);
        }
    }

    public static ExtenderRequestException WrongType(string field, JsonTokenType expected, JsonTokenType actual) =>
        new($"{field}: expected {Describe(expected)}, got {Describe(actual)}");

    public static void Advance(ref Utf8JsonReader reader, string context)
    {
        try
        {
            if (!reader.Read())
            {
                throw new ExtenderRequestException($"malformed JSON in {context}: unexpected end of data");
            }
        }
        catch (JsonException e)
        {
            throw Malformed(context, e);
        }
    }

    private static int MatchKey(ref Utf8JsonReader reader, ReadOnlySpan<string> keys)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxKeyLength)
        {
            return -1;
        }

        Span<char> name = stackalloc char[MaxKeyLength];
        var written = reader.CopyString(name);
        for (var i = 0; i < keys.Length; i++)
        {
            if (name[..written].Equals(keys[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static ExtenderRequestException Malformed(string context, JsonException e) =>
        new($"malformed JSON in {context}: {e.Message}", e);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
