namespace Extender.Sandbox.Kubelet;

/// <summary>An instance of the sandbox EC2 endpoint started or terminated.</summary>
public sealed record InstanceEvent(InstanceEventKind Kind, SimulatedInstance Instance);
