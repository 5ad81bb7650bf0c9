namespace Extender.Sandbox.Kubernetes;

/// <summary>Tuning of the sandbox Kubernetes API server.</summary>
public sealed record SandboxApiServerOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>How many changes watches can replay; a watch from an older resourceVersion gets 410 Gone.</summary>
    public int HistoryWindow { get; init; } = 100_000;

    /// <summary>How often watches that asked for bookmarks get one; <see cref="Timeout.InfiniteTimeSpan"/> for only on demand.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Authorize every request against the Roles, ClusterRoles and bindings stored in the sandbox, as the real server
    /// does; off by default, when every request is allowed. The admin token (<see cref="SandboxApiServer.ClientConfiguration()"/>,
    /// <see cref="SandboxApiServer.WriteKubeconfig(string)"/>) is in <c>system:masters</c> and allowed everything either way.
    /// </summary>
    public bool EnforceRbac { get; init; }

    /// <summary>
    /// Serve HTTPS with a certificate signed by the cluster CA (<see cref="SandboxApiServer.Cluster"/>), which the
    /// kubeconfig and <see cref="SandboxApiServer.ClientConfiguration()"/> trust. kubectl sends a bearer token only over
    /// HTTPS, so this is what makes RBAC apply to it.
    /// </summary>
    public bool Https { get; init; }

    /// <summary>The cluster's name, as nodes must name it in their NodeConfig (<c>spec.cluster.name</c>) to join.</summary>
    public string ClusterName { get; init; } = "sandbox";

    /// <summary>Clock for creation timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
