using Extender.Core.Claims;

namespace Extender.Core.Reservations;

/// <summary>
/// The current <see cref="ReservationSnapshot"/>, swapped atomically: readers (the extender's hot path) never lock,
/// writers (provisioner, watches, lifecycle loops) are serialised.
/// </summary>
public sealed class ReservationLedger
{
    private readonly Lock _gate = new();
    private ReservationSnapshot _current = ReservationSnapshot.Empty;

    public ReservationSnapshot Current => Volatile.Read(ref _current);

    public ReservationSnapshot Update(Func<ReservationSnapshot, ReservationSnapshot> change)
    {
        lock (_gate)
        {
            var next = change(_current);
            Volatile.Write(ref _current, next);
            return next;
        }
    }

    /// <summary>Releases a claim's shares and returns them, so that their pods can be planned again.</summary>
    public IReadOnlyList<ReservedPod> ReleaseClaim(string claimName)
    {
        lock (_gate)
        {
            var released = _current.OnClaim(claimName)?.Pods.Values.OrderBy(p => p.Pod.Uid, StringComparer.Ordinal).ToList() ?? [];
            Volatile.Write(ref _current, _current.ReleaseClaim(claimName));
            return released;
        }
    }

    /// <summary>Releases every share older than <paramref name="ttl"/> and returns them.</summary>
    public IReadOnlyList<ReservedPod> Expire(DateTimeOffset now, TimeSpan ttl)
    {
        lock (_gate)
        {
            var expired = _current.ExpiredAt(now, ttl);
            if (expired.Count > 0)
            {
                Volatile.Write(ref _current, _current.ReleasePods(expired.Select(p => p.Pod.Uid)));
            }

            return expired;
        }
    }
}
