using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Extender.Endpoints.Filter;

/// <summary>
/// A JSON fragment composed by hand in a pooled buffer, for <see cref="Utf8JsonWriter.WriteRawValue(ReadOnlySpan{byte}, bool)"/>.
/// Strings are escaped exactly when the writer's encoder would escape them, so the answer reads the same as one
/// written value by value; node names (DNS names) almost never need it and are copied as they are.
/// </summary>
internal sealed class RawJson(JavaScriptEncoder? encoder) : IDisposable
{
    private readonly JavaScriptEncoder _encoder = encoder ?? JavaScriptEncoder.Default;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public void Append(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    /// <summary>Appends <paramref name="utf8"/> (valid UTF-8) as a quoted JSON string.</summary>
    public void AppendString(ReadOnlySpan<byte> utf8)
    {
        if (_encoder.FindFirstCharacterToEncodeUtf8(utf8) >= 0)
        {
            AppendEncoded(JsonEncodedText.Encode(utf8, _encoder));
            return;
        }

        Reserve(utf8.Length + 2);
        _buffer[_length++] = (byte)'"';
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
        _buffer[_length++] = (byte)'"';
    }

    /// <summary>Appends an already escaped text as a quoted JSON string.</summary>
    public void AppendEncoded(JsonEncodedText text)
    {
        var bytes = text.EncodedUtf8Bytes;
        Reserve(bytes.Length + 2);
        _buffer[_length++] = (byte)'"';
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        _buffer[_length++] = (byte)'"';
    }

    public JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, _encoder);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + count, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
