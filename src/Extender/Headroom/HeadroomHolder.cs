using Extender.Core.Cluster;
using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Kubernetes.Events;
using Extender.Provisioning.Launching;

namespace Extender.Headroom;

/// <summary>
/// The leader's half of a pass: holds the room the decision asked for through the provisioner's replacement path
/// (<see cref="BatchProvisioner.ReserveReplacementsAsync"/>: the planner puts each replica on existing room first,
/// else on new NodeClaims, which are launched as any batch's are), and renews slots on their own claims. Only our
/// own nodes hold room: every other node is passed as leaving, since a hold needs a claim to be written on.
/// </summary>
internal sealed class HeadroomHolder(
    BatchProvisioner provisioner,
    ClaimLauncher launcher,
    ClaimRegistry registry,
    ReservationLedger ledger,
    HeadroomRoom room,
    HeadroomMetrics metrics,
    IEventRecorder events,
    TimeProvider time,
    ILogger<HeadroomHolder> logger)
{
    private static readonly IReadOnlyDictionary<string, DateTimeOffset> NoDetections = new Dictionary<string, DateTimeOffset>();

    public async Task HoldAsync(IReadOnlyList<BufferRoom> rooms, ClusterSnapshot cluster, CancellationToken cancellationToken)
    {
        await RenewAsync(rooms.SelectMany(r => r.ToRenew).ToList(), cancellationToken);
        var wanting = rooms.Where(r => r.ToHold.Count > 0).ToList();
        if (wanting.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var taken in wanting.Select(r => room.TakeTakenAt(r.Buffer.Key)).OfType<DateTimeOffset>())
        {
            metrics.RefillRequested(now - taken);
        }

        var known = registry.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var ours = registry.All.Where(c => !c.Deleting).Select(c => c.Status.NodeName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var notOurs = cluster.Nodes.Select(n => n.Node.Name).Where(n => !ours.Contains(n)).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<(Pod AsPending, Core.Claims.ReservedPod Slot)> replicas = [.. wanting.SelectMany(r => r.ToHold)];
        var written = await provisioner.ReserveReplacementsAsync(replicas, notOurs, cancellationToken);
        var created = written.Where(c => !known.Contains(c)).ToList();
        HeadroomLog.Held(logger, replicas.Count, wanting.Count, created.Count);
        foreach (var buffer in wanting.Select(r => r.Buffer))
        {
            var launched = created.Count(c => registry.Find(c)?.ReservedFor.Any(p => p.Replaces == buffer.Key) == true);
            if (launched > 0)
            {
                metrics.Launched(buffer, launched);
                events.Record(
                    new EventTarget(CapacityBufferApi, "CapacityBuffer", buffer.Spec.Namespace, buffer.Spec.Name, buffer.Spec.Uid),
                    "Normal", "HeadroomLaunched", "Provision", $"launching {launched} NodeClaim(s) to hold room for the buffer's replicas");
            }
        }
    }

    private const string CapacityBufferApi = Kubernetes.CustomResources.CapacityBuffer.Group + "/" + Kubernetes.CustomResources.CapacityBuffer.Version;

    /// <summary>Each old slot's room is held again, on the same claim, under a new slot; the old one then goes.</summary>
    private async Task RenewAsync(IReadOnlyList<SlotRenewal> renewals, CancellationToken cancellationToken)
    {
        foreach (var byClaim in renewals.GroupBy(r => r.Claim, StringComparer.Ordinal))
        {
            var slots = byClaim.ToDictionary(r => r.AsPending.Uid, r => r.Slot, StringComparer.Ordinal);
            var holds = launcher.Hold([(byClaim.Key, [.. byClaim.Select(r => r.AsPending)])], pod => slots[pod.Uid]);
            await launcher.ReserveOnClaimAsync(byClaim.Key, holds[0].Shares, NoDetections, cancellationToken);
            ledger.Update(s => s.GiveUp(byClaim.Select(r => r.OldSlot)));
        }
    }
}
