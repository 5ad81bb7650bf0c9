namespace Extender.Sandbox.Demo;

/// <summary>
/// What the sidecar itself cost when it ran in its own process (<c>demo --sidecar-process</c>): CPU-seconds from the
/// first pod to the end of the run and before it (start, sync, catalog, warm-up), and its working set.
/// </summary>
public sealed record SidecarUsage(
    double CpuSeconds,
    double StartupCpuSeconds,
    double PeakWorkingSetMegabytes,
    double WorkingSetAtEndMegabytes);
