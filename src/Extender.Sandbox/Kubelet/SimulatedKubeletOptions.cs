using Extender.Sandbox.Kubernetes;

namespace Extender.Sandbox.Kubelet;

public sealed record SimulatedKubeletOptions
{
    /// <summary>
    /// The cluster the kubelets belong to (<see cref="SandboxApiServer.Cluster"/>): an instance joins only when its
    /// user data's NodeConfig names this cluster's name, API endpoint and CA, as with nodeadm. Required.
    /// </summary>
    public SandboxClusterIdentity? Cluster { get; init; }

    /// <summary>From instance start to the Node appearing Ready (the scenario's <c>bootSeconds</c>).</summary>
    public TimeSpan BootTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Limit for each API call the kubelet makes.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pod status writes and deletions in flight at once (<see cref="SimulatedPods"/>).</summary>
    public int PodWorkers { get; init; } = 2;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (Cluster is null)
        {
            throw new ArgumentException("the kubelet needs the cluster its nodes join (SimulatedKubeletOptions.Cluster, from SandboxApiServer.Cluster)");
        }

        if (BootTime < TimeSpan.Zero)
        {
            throw new ArgumentException($"bootSeconds must not be negative (got {BootTime.TotalSeconds})");
        }

        if (PodWorkers < 1)
        {
            throw new ArgumentException($"the kubelet needs at least one pod worker (got {PodWorkers})");
        }

        if (ApiTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"the kubelet's API timeout must be positive (got {ApiTimeout})");
        }
    }
}
