using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// Keeps the ledger honest on every replica, leader or not, since every replica answers filter calls from it: shares
/// past the TTL are released (every replica computes the same expiry from the same claims; only the leader tells the
/// pod and plans it again), and once the pod cache has listed (other caches need not have), shares of pods it does not
/// hold (deleted before this replica ever saw them) are dropped and remembered as deleted, and shares of pods it holds
/// as bound or finished are released; deletions older than twice the TTL are forgotten.
/// </summary>
internal sealed class ReservationUpkeep(
    ReservationLedger ledger,
    ClusterState cluster,
    ISyncStatus sync,
    ILeadership leadership,
    PendingPodChannel channel,
    IPodEventRecorder events,
    ProvisionerMetrics metrics,
    IOptions<LifecycleOptions> options,
    IOptions<ProvisionerOptions> provisionerOptions,
    TimeProvider time,
    ILogger<ReservationUpkeep> logger) : BackgroundService
{
    public void Sweep()
    {
        var now = time.GetUtcNow();
        var ttl = provisionerOptions.Value.ReservationTtl;
        var expired = ledger.Expire(now, ttl);
        if (expired.Count > 0)
        {
            LifecycleLog.Expired(logger, expired.Count);
            metrics.ReservationsExpired(expired.Count);
            if (leadership.IsLeader)
            {
                Requeue(expired);
            }
        }

        if (sync.PodsSynced)
        {
            // One look at each held pod: gone from the cache (deleted before this replica saw it: dropped and
            // remembered), or bound or finished there (the pod watch releases those as they happen, so one left here
            // was held again by a write that raced the binding, and would refuse its room to others until the TTL).
            // A replacement slot names no pod yet: it is held until a new pod takes it or its TTL ends.
            var snapshot = cluster.Current;
            var unknown = new List<string>();
            var placed = new List<string>();
            foreach (var uid in ledger.Current.PodUids.Where(uid => !ReplacementKey.IsSlot(uid)))
            {
                if (snapshot.FindPod(uid) is not { } pod)
                {
                    unknown.Add(uid);
                }
                else if (!PendingPodFilter.IsUnplaced(pod))
                {
                    placed.Add(uid);
                }
            }

            if (unknown.Count > 0 || placed.Count > 0)
            {
                ledger.Update(s => s.ReleaseDeleted(unknown, now).ReleasePods(placed));
            }
        }

        // A share written up to a TTL after its pod's deletion (a batch planned as the pod went) expires by twice that.
        if (ledger.Current.DeletedRemembered > 0)
        {
            ledger.Update(s => s.ForgetDeletionsBefore(now - (2 * ttl)));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
                Sweep();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LifecycleLog.TickFailed(logger, ex);
            }
        }
    }

    private void Requeue(IReadOnlyList<ReservedPod> expired)
    {
        var snapshot = cluster.Current;
        foreach (var share in expired)
        {
            if (snapshot.FindPod(share.Pod.Uid) is { } pod && PendingPodFilter.IsUnplaced(pod))
            {
                channel.TryWrite(pod);
                events.Warning(share.Pod, "ReservationExpired", "the capacity reserved for this pod was not used in time; planning again");
            }
        }
    }
}
