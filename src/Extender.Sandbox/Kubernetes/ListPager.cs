using System.Collections.Concurrent;
using System.Globalization;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// <c>limit</c>/<c>continue</c> paging. The first page freezes the full result; later pages read that frozen copy,
/// so a paged list is one consistent snapshot at the first page's resourceVersion, as with the real API server.
/// </summary>
internal sealed class ListPager
{
    private const int MaxOpenSnapshots = 32;
    private readonly ConcurrentDictionary<long, (IReadOnlyList<StoredObject> Items, long ResourceVersion)> _snapshots = new();
    private long _nextId;

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue) Page(
        Func<(IReadOnlyList<StoredObject> Items, long ResourceVersion)> list, int limit, string? continueToken)
    {
        var (id, offset) = string.IsNullOrEmpty(continueToken) ? (0L, 0) : ParseToken(continueToken);
        var (items, resourceVersion) = id == 0 ? list() : _snapshots.TryGetValue(id, out var snapshot)
            ? snapshot
            : throw new ApiException(410, "Expired", "the provided continue parameter is too old to display a consistent list result");

        if (limit <= 0 || offset + limit >= items.Count)
        {
            if (id != 0)
            {
                _snapshots.TryRemove(id, out _);
            }

            return (Slice(items, offset, items.Count - offset), resourceVersion, null);
        }

        if (id == 0)
        {
            id = Interlocked.Increment(ref _nextId);
            _snapshots[id] = (items, resourceVersion);
            foreach (var stale in _snapshots.Keys.Where(k => k <= id - MaxOpenSnapshots))
            {
                _snapshots.TryRemove(stale, out _);
            }
        }

        return (Slice(items, offset, limit), resourceVersion, string.Create(CultureInfo.InvariantCulture, $"{id}:{offset + limit}"));
    }

    private static IReadOnlyList<StoredObject> Slice(IReadOnlyList<StoredObject> items, int offset, int count) =>
        offset == 0 && count == items.Count ? items : [.. items.Skip(offset).Take(count)];

    private static (long Id, int Offset) ParseToken(string token)
    {
        var parts = token.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? (id, offset)
            : throw ApiException.BadRequest($"continue token \"{token}\" is not valid");
    }
}
