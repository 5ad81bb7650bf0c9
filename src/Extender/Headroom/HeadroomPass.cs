using Extender.Core.Cluster;
using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Headroom;

/// <summary>
/// One headroom pass over the current snapshot. Every replica reads the buffers (so its pod watch can hand their room
/// to the intended pods) and gives up the slots the decision releases (each replica answers filter calls from its own
/// ledger, and the decision is the same on each); the leader alone holds new room, renews slots and writes status.
/// </summary>
internal sealed class HeadroomPass(
    BufferResolver resolver,
    HeadroomRoom room,
    ReservationLedger ledger,
    ClusterState cluster,
    ILeadership leadership,
    HeadroomHolder holder,
    HeadroomStatus status,
    HeadroomMetrics metrics,
    IOptions<ProvisionerOptions> provisionerOptions,
    TimeProvider time,
    ILogger<HeadroomPass> logger)
{
    private DateTimeOffset? _last;
    private HashSet<string> _reported = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshot = cluster.Current;
        var resolved = resolver.Resolve(snapshot, now);
        IReadOnlyList<HeadroomBuffer> buffers = [.. resolved.Select(r => r.Buffer).OfType<HeadroomBuffer>()];
        room.Publish(buffers);

        // A slot is renewed halfway through the reservation TTL, so no replica's expiry ever ends it.
        var rooms = HeadroomDecision.Decide(buffers, snapshot, ledger.Current, now, provisionerOptions.Value.ReservationTtl / 2);
        var release = rooms.SelectMany(r => r.ToRelease).Concat(HeadroomDecision.Orphans(buffers, ledger.Current)).ToList();
        if (release.Count > 0)
        {
            ledger.Update(s => s.GiveUp(release));
            HeadroomLog.Released(logger, release.Count);
        }

        Observe(rooms, now);
        if (leadership.IsLeader)
        {
            await holder.HoldAsync(rooms, snapshot, cancellationToken);
            await status.WriteAsync(resolved, rooms, cancellationToken);
        }
    }

    private void Observe(IReadOnlyList<BufferRoom> rooms, DateTimeOffset now)
    {
        var since = _last is { } last ? now - last : TimeSpan.Zero;
        _last = now;
        foreach (var decided in rooms)
        {
            metrics.Observe(decided, decided.Held - decided.ToRelease.Count, since);
        }

        var reported = rooms.Select(r => HeadroomMetrics.Name(r.Buffer)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _reported.Where(n => !reported.Contains(n)))
        {
            metrics.Forget(gone);
        }

        _reported = reported;
    }
}
