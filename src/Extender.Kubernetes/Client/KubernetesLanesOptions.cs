namespace Extender.Kubernetes.Client;

/// <summary>Section <c>Kubernetes:Lanes</c>: one rate limit per <see cref="KubernetesLane"/>.</summary>
public sealed class KubernetesLanesOptions
{
    /// <summary>Lists and watch opens come in pages and handfuls; 200 burst holds a 50,000-pod re-list (100 pages) at once.</summary>
    public KubernetesLaneOptions Reads { get; set; } = new(100, 200);

    /// <summary>
    /// Karpenter's client limit (200/300), above kube-scheduler's own 50/100, so pending → bound is bounded by the
    /// scheduler's binding rate, not by ours.
    /// </summary>
    public KubernetesLaneOptions Bindings { get; set; } = new(200, 300);

    /// <summary>
    /// Karpenter's client limit (200/300), given to purchases alone: a burst's NodeClaims (about three calls each:
    /// create, launch record, reservations) go out while its pods are still being bound.
    /// </summary>
    public KubernetesLaneOptions Provisioning { get; set; } = new(200, 300);

    /// <summary>The event recorder sends at most <c>Kubernetes:Events:MaxCallsPerFlush</c> (20) per flush (1 s).</summary>
    public KubernetesLaneOptions Events { get; set; } = new(20, 40);

    /// <summary>One read and one write per retry period (2 s); the headroom covers the release on shutdown.</summary>
    public KubernetesLaneOptions Leases { get; set; } = new(5, 10);

    public KubernetesLaneOptions For(KubernetesLane lane) => lane switch
    {
        KubernetesLane.Reads => Reads,
        KubernetesLane.Bindings => Bindings,
        KubernetesLane.Provisioning => Provisioning,
        KubernetesLane.Events => Events,
        KubernetesLane.Leases => Leases,
        _ => throw new ArgumentOutOfRangeException(nameof(lane), lane, null),
    };
}
