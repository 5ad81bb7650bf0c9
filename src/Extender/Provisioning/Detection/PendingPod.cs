using Extender.Core.Cluster;

namespace Extender.Provisioning.Detection;

/// <summary>A pod that could not be placed, when the system first learned it, and why each node refused it (when known).</summary>
internal sealed record PendingPod(Pod Pod, DateTimeOffset DetectedAt, IReadOnlyDictionary<string, string> FailedNodes);
