namespace Extender.Sandbox.Demo;

/// <summary>
/// The headroom phase (an extension of the report): Deployment waves scaled up at once, those a CapacityBuffer names
/// onto the room it held, the others (competing for capacity at the same moment) onto whatever the provisioner buys.
/// Every figure is read from the sandbox's record: the scheduler's bindings, the claims' <c>reservedFor</c>, the nodes'
/// allocatable and the pods' requests.
/// </summary>
/// <param name="BufferedPods">Pods the scale-up added to Deployments a buffer names.</param>
/// <param name="BufferedPendingToBoundMilliseconds">Their pending → bound (the scheduler's first sight of a pod to its binding).</param>
/// <param name="UnbufferedPods">Pods the scale-up added to the other Deployments.</param>
/// <param name="UnbufferedPendingToBoundMilliseconds">Their pending → bound.</param>
/// <param name="RoomHeld">Buffer replicas held on Ready nodes when the scale-up began.</param>
/// <param name="RoomUsedByBufferedPods">Of that room, replicas' worth the buffered pods bound onto.</param>
/// <param name="RoomTakenByOthers">Of that room, replicas' worth other pods bound onto: what they took beyond the
/// room the nodes had free beside the buffer's (0 when only the intended pods may use it).</param>
/// <param name="Refills">Buffer replicas' room written onto claims during the phase (each taken replica is held again).</param>
/// <param name="FirstRefillMilliseconds">From the scale-up to the first of them seen in a claim (sampled every 50 ms); null when none.</param>
/// <param name="RoomHeldAfter">Buffer replicas held on Ready nodes at the end.</param>
/// <param name="Seconds">From the scale-up to the phase's end.</param>
/// <param name="Settled">Whether every new pod was bound and the room held again before the phase's limit.</param>
public sealed record HeadroomFigures(
    int BufferedPods,
    Percentiles BufferedPendingToBoundMilliseconds,
    int UnbufferedPods,
    Percentiles UnbufferedPendingToBoundMilliseconds,
    int RoomHeld,
    int RoomUsedByBufferedPods,
    int RoomTakenByOthers,
    int Refills,
    double? FirstRefillMilliseconds,
    int RoomHeldAfter,
    double Seconds,
    bool Settled);
