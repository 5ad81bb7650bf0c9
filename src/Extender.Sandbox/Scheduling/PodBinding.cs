namespace Extender.Sandbox.Scheduling;

/// <summary>A pod this scheduler bound: where, and how long after it first saw the pod pending.</summary>
public sealed record PodBinding(string Pod, string PodUid, string Node, TimeSpan PendingToBound);
