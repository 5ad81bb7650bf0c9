namespace Extender.Sandbox.Demo;

/// <summary>A pod the workload driver created, named <c>namespace/name</c>.</summary>
public sealed record CreatedPod(string Pod, string Uid, DateTimeOffset CreatedAt);
