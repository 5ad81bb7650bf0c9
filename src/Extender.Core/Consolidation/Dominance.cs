namespace Extender.Core.Consolidation;

/// <summary>
/// Points in two dimensions (free CPU and memory, say), indexed so that whether any point is at least a given one in
/// both is a binary search: whether some node has room for a pod's CPU and memory, or, with both negated, whether
/// some pod asks for no more than a node's room.
/// </summary>
internal sealed class Dominance
{
    private readonly long[] _x;

    // The largest y among the points from i on (x ascending).
    private readonly long[] _y;

    public Dominance(IEnumerable<(long X, long Y)> points)
    {
        var sorted = points.OrderBy(p => p.X).ToArray();
        _x = [.. sorted.Select(p => p.X)];
        _y = new long[sorted.Length];
        for (var i = sorted.Length - 1; i >= 0; i--)
        {
            _y[i] = Math.Max(sorted[i].Y, i + 1 < sorted.Length ? _y[i + 1] : long.MinValue);
        }
    }

    /// <summary>Whether some point has x at least <paramref name="x"/> and y at least <paramref name="y"/>.</summary>
    public bool AnyAtLeast(long x, long y)
    {
        // The first point with x at least the one asked for.
        int low = 0, high = _x.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_x[mid] < x)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low < _x.Length && _y[low] >= y;
    }
}
