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

    /// <summary>
    /// The key of the CapacityBuffer whose room a pod may take (set by the headroom feature; null: none), so that
    /// wherever a new pod takes a slot (<see cref="TakeSlotFor"/>) it may also take its buffer's room.
    /// </summary>
    public Func<Core.Cluster.Pod, ReplacementKey?>? BufferKeyFor { get; set; }

    /// <summary>Raised, outside the ledger's lock, when a new pod took a replacement slot (<see cref="TakeSlotFor"/>).</summary>
    public event Action<SlotTaken>? SlotTaken;

    /// <summary>
    /// The ledger after <paramref name="pod"/> took an open replacement slot held for it (<see cref="ReservationSnapshot.Adopt(Core.Cluster.Pod)"/>),
    /// or as it is when it holds room already or no slot matches. Called wherever a new pod is first seen: by the pod
    /// watch, by the scheduler's calls, which may come before the watch delivers the pod (a pod refused its own room
    /// then would wait out kube-scheduler's backoff), and for the pending pods after a rebuild from claims.
    /// </summary>
    public ReservationSnapshot TakeSlotFor(Core.Cluster.Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var current = Current;
        if (!current.HasOpenSlots || current.Holds(pod.Uid))
        {
            return current;
        }

        SlotTaken? taken = null;
        var next = Update(s =>
        {
            var adopted = s.Adopt(pod, BufferKeyFor?.Invoke(pod), out var took);
            taken = took;
            return adopted;
        });
        if (taken is not null)
        {
            SlotTaken?.Invoke(taken);
        }

        return next;
    }

    /// <summary>
    /// Replaces the ledger with <paramref name="rebuilt"/> (from the claims), keeping the deletions it remembered (a
    /// claim still naming a deleted pod would otherwise hold its room again until the next sweep), then lets every pod
    /// of <paramref name="pending"/> take a slot held for it: a slot taken before the rebuild whose taking was not yet
    /// written down is taken again by the same pod rather than held open for one that will not come.
    /// </summary>
    public ReservationSnapshot Rebuild(Func<ReservationSnapshot, ReservationSnapshot> rebuilt, IEnumerable<Core.Cluster.Pod> pending)
    {
        ArgumentNullException.ThrowIfNull(rebuilt);
        Update(s => rebuilt(s).WithDeletionsOf(s));
        foreach (var pod in pending.OrderBy(p => p.Uid, StringComparer.Ordinal))
        {
            TakeSlotFor(pod);
        }

        return Current;
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
