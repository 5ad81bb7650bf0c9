namespace Extender.Kubernetes.Client;

/// <summary>
/// What a request is for. Each lane has its own KubernetesClient, with its own rate limit and connections, so that a
/// flood in one lane (ten thousand bindings in a burst) never delays another (the NodeClaim that buys their capacity,
/// the lease renewal that keeps this replica the only provisioner). The lane is the key of the keyed
/// <c>IKubernetes</c> service; the unkeyed <c>IKubernetes</c> is <see cref="Reads"/>.
/// </summary>
public enum KubernetesLane
{
    /// <summary>Lists, watch opens and live reads.</summary>
    Reads,

    /// <summary>Pod bindings (mode a binds through the sidecar), and the read that checks a binding that conflicted.</summary>
    Bindings,

    /// <summary>NodeClaim creates, updates, status and deletes (reservations included), and Node patches.</summary>
    Provisioning,

    /// <summary>Events on pods and claims, and the status of NodePools and EC2NodeClasses: what people read.</summary>
    Events,

    /// <summary>The leader-election lease: reads and renewals, each bounded by the renew deadline.</summary>
    Leases,
}
