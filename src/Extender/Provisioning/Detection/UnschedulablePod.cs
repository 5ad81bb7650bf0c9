using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>
/// A pod that the extender's filter left with no node: the pod, why each node refused it (node name to reason), and
/// when that was learned.
/// </summary>
internal sealed record UnschedulablePod(Pod Pod, IReadOnlyDictionary<string, string> NodeReasons, DateTimeOffset DetectedAt);
