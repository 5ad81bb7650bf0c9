using System.Collections.Concurrent;
using Extender.Provisioning.Metrics;

namespace Extender.Demo;

/// <summary>
/// Remembers, per pod, the first detection and launch the provisioner reported (the report's detection-to-launch)
/// and the last claim that took the pod (after an insufficient-capacity re-plan, the one that holds it). Outlives
/// sidecar restarts.
/// </summary>
internal sealed class LaunchRecorder : ILaunchObserver
{
    private readonly ConcurrentDictionary<string, PodLaunch> _pods = new(StringComparer.Ordinal);

    public void Launched(string nodeClaim, string podUid, DateTimeOffset detectedAt, DateTimeOffset launchedAt) =>
        _pods.AddOrUpdate(
            podUid,
            _ => new PodLaunch(detectedAt, launchedAt, nodeClaim),
            (_, first) => first with { LastClaim = nodeClaim });

    public IReadOnlyDictionary<string, PodLaunch> Pods => _pods;
}
