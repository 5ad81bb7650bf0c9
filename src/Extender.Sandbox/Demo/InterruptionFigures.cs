namespace Extender.Sandbox.Demo;

/// <summary>
/// The interruption phase (an extension of the report): EC2's spot warning for some spot nodes, each reclaimed after
/// the scaled <see cref="NoticeSeconds"/>.
/// </summary>
/// <param name="NoticeSeconds">Warning to reclaim (EC2: 120 s; scaled in the demo).</param>
/// <param name="NodesInterrupted">Spot instances warned and reclaimed.</param>
/// <param name="PodsToMove">Controller-managed pods on them when the warnings were sent.</param>
/// <param name="RunningOnReservedBeforeReclaim">Of those, how many had a new pod Running, at the reclaim, on a node whose
/// claim holds a replacement slot for their controller (capacity reserved for them).</param>
/// <param name="PodsMoved">How many had a new pod Running elsewhere by the phase's end.</param>
/// <param name="ReplacementsLaunched">Instances launched between the first warning and the last reclaim.</param>
/// <param name="NoticeToReplacementLaunchMilliseconds">From the sidecar receiving the first warning to each of those launches.</param>
/// <param name="EvictedBeforeDestinationReady">Pods on the interrupted nodes seen evicted (sampled every 100 ms) while
/// their controller had fewer replacement slots, written since the warning, on Ready nodes than pods evicted so far.</param>
public sealed record InterruptionFigures(
    double NoticeSeconds,
    int NodesInterrupted,
    int PodsToMove,
    int RunningOnReservedBeforeReclaim,
    int PodsMoved,
    int ReplacementsLaunched,
    Percentiles NoticeToReplacementLaunchMilliseconds,
    int EvictedBeforeDestinationReady);
