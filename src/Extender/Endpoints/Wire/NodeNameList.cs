using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Extender.Endpoints.Http;

namespace Extender.Endpoints.Wire;

/// <summary>
/// The request's <c>NodeNames</c> as UTF-8 spans instead of a string per name: a 5,000-name request would otherwise
/// allocate half a megabyte before any work is done. A name without escapes is a slice of the request body itself;
/// the rare escaped one is unescaped into a pooled buffer. <see cref="GetString"/> makes a string only where one is kept.
/// </summary>
internal sealed class NodeNameList(ReadOnlyMemory<byte> body) : IDisposable
{
    private const int InitialNames = 256;

    // Two ints per name: the start (in the body, or, bit-inverted, in the unescaped buffer) and the length.
    private int[] _ranges = ArrayPool<int>.Shared.Rent(InitialNames * 2);
    private byte[] _unescaped = [];
    private int _unescapedLength;

    public int Count { get; private set; }

    /// <summary>Name <paramref name="index"/> as valid UTF-8.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var start = _ranges[2 * index];
            var length = _ranges[(2 * index) + 1];
            return start >= 0 ? body.Span.Slice(start, length) : _unescaped.AsSpan(~start, length);
        }
    }

    public string GetString(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>
    /// Appends the string token under <paramref name="reader"/>, which reads <c>body</c>; text that is not valid
    /// UTF-8 is bad input, named as <c>NodeNames[i]</c>.
    /// </summary>
    public void Add(ref Utf8JsonReader reader)
    {
        if (2 * (Count + 1) > _ranges.Length)
        {
            _ranges = Grow(_ranges, 2 * Count, 2 * (Count + 1));
        }

        int start;
        ReadOnlySpan<byte> name;
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            start = ~_unescapedLength;
            var written = Unescape(ref reader);
            name = _unescaped.AsSpan(~start, written);
        }
        else
        {
            // The value starts after the opening quote.
            start = (int)reader.TokenStartIndex + 1;
            name = reader.ValueSpan;
        }

        if (!Utf8.IsValid(name))
        {
            throw new ExtenderRequestException($"NodeNames[{Count}]: the name is not valid UTF-8");
        }

        _ranges[2 * Count] = start;
        _ranges[(2 * Count) + 1] = name.Length;
        Count++;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_ranges);
        if (_unescaped.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
        }

        _ranges = [];
        _unescaped = [];
        Count = 0;
    }

    /// <summary>Unescapes the token into the pooled buffer and returns its length.</summary>
    private int Unescape(ref Utf8JsonReader reader)
    {
        // Unescaping never lengthens a string, so the raw token length bounds the bytes written.
        var rawLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (_unescapedLength + rawLength > _unescaped.Length)
        {
            _unescaped = Grow(_unescaped, _unescapedLength, _unescapedLength + rawLength);
        }

        int written;
        try
        {
            written = reader.CopyString(_unescaped.AsSpan(_unescapedLength));
        }
        catch (InvalidOperationException e)
        {
            throw new ExtenderRequestException($"NodeNames[{Count}]: {e.Message}", e);
        }

        _unescapedLength += written;
        return written;
    }

    private static T[] Grow<T>(T[] array, int used, int needed)
    {
        var larger = ArrayPool<T>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, used).CopyTo(larger);
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }

        return larger;
    }
}
