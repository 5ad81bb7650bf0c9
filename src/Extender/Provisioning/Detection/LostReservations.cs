using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;

namespace Extender.Provisioning.Detection;

/// <summary>
/// Gives up a reservation whose registered node no longer has room for its pod (<see cref="ExistingCapacity.LostReservedRoom"/>),
/// so that the pod is planned again at once instead of being turned away from every node until the reservation's TTL.
/// The claim's <c>reservedFor</c> keeps the old entry: the ledger remembers it as given up, and a rebuild takes each
/// pod's newest reservation.
/// </summary>
internal sealed partial class LostReservations(ExistingCapacity existing, ReservationLedger ledger, IPodEventRecorder events, ProvisionerMetrics metrics, ILogger<LostReservations> logger)
{
    /// <summary>True when the pod held a reservation that it lost, now released.</summary>
    public bool Release(Pod pod)
    {
        if (!existing.LostReservedRoom(pod) || ledger.Current.ClaimOf(pod.Uid) is not { } claim)
        {
            return false;
        }

        ledger.Update(s => s.GiveUp([pod.Uid]));
        metrics.ReservationsLost(1);
        LogLost(pod.Namespace, pod.Name, claim);
        events.Warning(new PodReference(pod.Namespace, pod.Name, pod.Uid), "ReservationLost", $"the node of NodeClaim {claim} no longer has room for this pod; planning again");
        return true;
    }

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Pod {Namespace}/{Pod}: the node of NodeClaim {NodeClaim} reserved for it no longer has room; planning it again")]
    private partial void LogLost(string @namespace, string pod, string nodeClaim);
}
