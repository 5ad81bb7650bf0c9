using Extender.Core.Disruption;
using k8s.Models;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// How a sandbox pod's containers behave, since they run nothing: annotations with Go durations.
/// <c>sandbox.extender.io/run-for</c>: the containers exit 0 that long after starting, so a pod with restartPolicy
/// Never or OnFailure Succeeds (Jobs complete); absent, or with restartPolicy Always, they run until deleted.
/// <c>sandbox.extender.io/stop-after</c>: how long the containers take to exit after SIGTERM; absent, they take the
/// whole grace period, as a process that ignores SIGTERM does.
/// </summary>
public static class PodAnnotations
{
    public const string RunFor = "sandbox.extender.io/run-for";
    public const string StopAfter = "sandbox.extender.io/stop-after";

    internal static TimeSpan? Duration(V1Pod pod, string annotation) =>
        pod.Metadata.Annotations?.TryGetValue(annotation, out var text) == true && Durations.TryParse(text, out var duration) ? duration : null;
}
