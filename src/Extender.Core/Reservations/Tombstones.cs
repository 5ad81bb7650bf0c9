using System.Collections.Immutable;

namespace Extender.Core.Reservations;

/// <summary>
/// What this process let go of and a lagging watch must not bring back: claims it deleted (until the watch reports the
/// delete), reservations it gave up while their pods still wait (a lost node's room), by the time the share began
/// (a share of the same pod that began later, its new reservation, is not affected), and pods that were deleted, by
/// when the deletion was seen (a claim's <c>reservedFor</c> still lists them, and a pod the cache no longer holds
/// otherwise counts as one the pod watch has not delivered yet).
/// </summary>
internal sealed class Tombstones
{
    private readonly HashSet<string> _claims;
    private readonly Dictionary<string, DateTimeOffset> _pods;
    private readonly ImmutableDictionary<string, DateTimeOffset> _deleted;

    private Tombstones(HashSet<string> claims, Dictionary<string, DateTimeOffset> pods, ImmutableDictionary<string, DateTimeOffset> deleted)
    {
        _claims = claims;
        _pods = pods;
        _deleted = deleted;
    }

    public static Tombstones None { get; } = new(new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal), ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal));

    public bool IsGone(string claimName) => _claims.Contains(claimName);

    /// <summary>True when <paramref name="podUid"/> was deleted: no share of it holds anything again.</summary>
    public bool IsDeleted(string podUid) => _deleted.ContainsKey(podUid);

    public int DeletedCount => _deleted.Count;

    public IEnumerable<string> DeletedUids => _deleted.Keys;

    /// <summary>These tombstones with <paramref name="other"/>'s deletions as well.</summary>
    public Tombstones WithDeletedFrom(Tombstones other) => other._deleted.IsEmpty ? this : new(_claims, _pods, _deleted.SetItems(other._deleted));

    public Tombstones WithDeleted(IEnumerable<string> podUids, DateTimeOffset seenAt)
    {
        var deleted = _deleted.SetItems(podUids.Select(uid => KeyValuePair.Create(uid, seenAt)));
        return ReferenceEquals(deleted, _deleted) ? this : new(_claims, _pods, deleted);
    }

    /// <summary>
    /// Forgets deletions seen before <paramref name="before"/>: once every share that could name them is past its TTL,
    /// the TTL alone keeps them out, and the set stays bounded however many pods come and go.
    /// </summary>
    public Tombstones WithoutDeletedBefore(DateTimeOffset before)
    {
        var old = _deleted.Where(d => d.Value < before).Select(d => d.Key).ToList();
        return old.Count == 0 ? this : new(_claims, _pods, _deleted.RemoveRange(old));
    }

    /// <summary>True when a share of <paramref name="podUid"/> that began at <paramref name="reservedAt"/> was given up.</summary>
    public bool IsGivenUp(string podUid, DateTimeOffset reservedAt) => _pods.TryGetValue(podUid, out var at) && reservedAt <= at;

    /// <summary>True when a share of <paramref name="podUid"/> was given up or taken over (a replacement slot a new pod took).</summary>
    public bool HasPod(string podUid) => _pods.ContainsKey(podUid);

    public Tombstones WithClaim(string claimName) =>
        _claims.Contains(claimName) ? this : new(new HashSet<string>(_claims, StringComparer.Ordinal) { claimName }, _pods, _deleted);

    public Tombstones WithoutClaim(string claimName)
    {
        if (!_claims.Contains(claimName))
        {
            return this;
        }

        var claims = new HashSet<string>(_claims, StringComparer.Ordinal);
        claims.Remove(claimName);
        return new(claims, _pods, _deleted);
    }

    public Tombstones WithPod(string podUid, DateTimeOffset reservedAt) =>
        new(_claims, new Dictionary<string, DateTimeOffset>(_pods, StringComparer.Ordinal) { [podUid] = reservedAt }, _deleted);

    /// <summary>Pods that bound or went away need no tombstone: a pod that is not pending is never reserved again.</summary>
    public Tombstones WithoutPods(IEnumerable<string> podUids)
    {
        if (_pods.Count == 0)
        {
            return this;
        }

        Dictionary<string, DateTimeOffset>? pods = null;
        foreach (var uid in podUids)
        {
            if (_pods.ContainsKey(uid))
            {
                pods ??= new Dictionary<string, DateTimeOffset>(_pods, StringComparer.Ordinal);
                pods.Remove(uid);
            }
        }

        return pods is null ? this : new(_claims, pods, _deleted);
    }
}
