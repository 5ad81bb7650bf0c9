using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>
/// A pod that could not be placed: the pod, why each node refused it (node name to reason, when the extender's filter
/// reported it), and when that was learned. <paramref name="AtCreation"/> marks a pod reported by the pod watch before
/// kube-scheduler tried it: the batcher keeps it only if it fits no existing node (<see cref="ExistingCapacity"/>).
/// </summary>
internal sealed record UnschedulablePod(Pod Pod, IReadOnlyDictionary<string, string> NodeReasons, DateTimeOffset DetectedAt, bool AtCreation = false);
