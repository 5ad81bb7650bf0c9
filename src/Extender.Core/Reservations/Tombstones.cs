namespace Extender.Core.Reservations;

/// <summary>
/// What this process let go of and a lagging watch must not bring back: claims it deleted (until the watch reports the
/// delete), and reservations it gave up while their pods still wait (a lost node's room), by the time the share began.
/// A share of the same pod that began later (its new reservation) is not affected.
/// </summary>
internal sealed class Tombstones
{
    private readonly HashSet<string> _claims;
    private readonly Dictionary<string, DateTimeOffset> _pods;

    private Tombstones(HashSet<string> claims, Dictionary<string, DateTimeOffset> pods)
    {
        _claims = claims;
        _pods = pods;
    }

    public static Tombstones None { get; } = new(new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));

    public bool IsGone(string claimName) => _claims.Contains(claimName);

    /// <summary>True when a share of <paramref name="podUid"/> that began at <paramref name="reservedAt"/> was given up.</summary>
    public bool IsGivenUp(string podUid, DateTimeOffset reservedAt) => _pods.TryGetValue(podUid, out var at) && reservedAt <= at;

    /// <summary>True when a share of <paramref name="podUid"/> was given up or taken over (a replacement slot a new pod took).</summary>
    public bool HasPod(string podUid) => _pods.ContainsKey(podUid);

    public Tombstones WithClaim(string claimName) =>
        _claims.Contains(claimName) ? this : new(new HashSet<string>(_claims, StringComparer.Ordinal) { claimName }, _pods);

    public Tombstones WithoutClaim(string claimName)
    {
        if (!_claims.Contains(claimName))
        {
            return this;
        }

        var claims = new HashSet<string>(_claims, StringComparer.Ordinal);
        claims.Remove(claimName);
        return new(claims, _pods);
    }

    public Tombstones WithPod(string podUid, DateTimeOffset reservedAt) =>
        new(_claims, new Dictionary<string, DateTimeOffset>(_pods, StringComparer.Ordinal) { [podUid] = reservedAt });

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

        return pods is null ? this : new(_claims, pods);
    }
}
