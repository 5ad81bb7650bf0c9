using Extender.Core.Reservations;
using Extender.Provisioning.Detection;
using Prometheus;

namespace Extender.Provisioning.Metrics;

/// <summary>
/// The provisioner's metrics. The registry is injected so that test hosts do not share counters; gauges of current
/// state are read when Prometheus scrapes.
/// </summary>
internal sealed class ProvisionerMetrics
{
    private static readonly string[] ClaimLabels = ["nodepool", "instance_type", "capacity_type"];
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter _launched;
    private readonly Counter _registered;
    private readonly Counter _failed;
    private readonly Histogram _batchSize;
    private readonly Histogram _detectionToLaunch;
    private readonly Histogram _registration;
    private readonly Counter _overflowed;
    private readonly Counter _expired;
    private readonly Counter _lost;
    private readonly Counter _claimsLost;
    private readonly Counter _lifecycleErrors;
    private readonly ILaunchObserver[] _observers;

    public ProvisionerMetrics(CollectorRegistry registry, PendingPodChannel channel, ReservationLedger ledger, IEnumerable<ILaunchObserver> observers)
    {
        _observers = [.. observers];
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var pending = factory.CreateGauge("extender_provisioner_pending_pods", "Pods queued for the provisioner and not yet batched.");
        var active = factory.CreateGauge("extender_reservations_active", "Pending pods holding a reservation on a NodeClaim.");
        _overflowed = factory.CreateCounter("extender_provisioner_channel_overflow_total", "Detections dropped because the queue was full (recovered by a rescan).");
        var overflowSeen = 0L;
        registry.AddBeforeCollectCallback(() =>
        {
            pending.Set(channel.Count);
            active.Set(ledger.Current.Count);
            var overflow = channel.Overflowed;
            _overflowed.Inc(overflow - Interlocked.Exchange(ref overflowSeen, overflow));
        });
        _batchSize = factory.CreateHistogram("extender_provisioner_batch_size_pods", "Pods per planned batch.", new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(1, 2, 12),
        });
        _detectionToLaunch = factory.CreateHistogram("extender_provisioner_detection_to_launch_seconds", "From detecting a pod to requesting or reserving its capacity.", new HistogramConfiguration
        {
            Buckets = LatencyBuckets,
        });
        _registration = factory.CreateHistogram("extender_provisioner_registration_seconds", "From creating a NodeClaim to its node registering.", new HistogramConfiguration
        {
            Buckets = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900],
        });
        _launched = factory.CreateCounter("extender_provisioner_claims_launched_total", "NodeClaims whose instance was launched.", ClaimLabels);
        _registered = factory.CreateCounter("extender_provisioner_claims_registered_total", "NodeClaims whose node registered.", ClaimLabels);
        _failed = factory.CreateCounter("extender_provisioner_claims_failed_total", "NodeClaims given up, by reason.", [.. ClaimLabels, "reason"]);
        _expired = factory.CreateCounter("extender_reservations_expired_total", "Reservations released because their pod did not bind within the TTL.");
        _lost = factory.CreateCounter("extender_reservations_lost_total", "Reservations given up because their registered node no longer had room for the pod.");
        _claimsLost = factory.CreateCounter("extender_provisioner_claims_lost_total", "NodeClaims finished because their capacity went away, by reason (node_deleted, instance_gone).", ["reason"]);
        _lifecycleErrors = factory.CreateCounter("extender_provisioner_lifecycle_errors_total", "Lifecycle steps that failed for one NodeClaim (retried on the next pass; the other claims go on).");
    }

    public void Batch(int pods) => _batchSize.Observe(pods);

    public void ReservationsExpired(int pods) => _expired.Inc(pods);

    public void ReservationsLost(int pods) => _lost.Inc(pods);

    public void ClaimLost(string reason) => _claimsLost.WithLabels(reason).Inc();

    public void LifecycleError() => _lifecycleErrors.Inc();

    public void DetectionToLaunch(string nodeClaim, string podUid, DateTimeOffset detectedAt, DateTimeOffset launchedAt)
    {
        _detectionToLaunch.Observe((launchedAt - detectedAt).TotalSeconds);
        foreach (var observer in _observers)
        {
            observer.Launched(nodeClaim, podUid, detectedAt, launchedAt);
        }
    }

    public void Launched(string nodePool, string instanceType, string capacityType) => _launched.WithLabels(nodePool, instanceType, capacityType).Inc();

    public void Registered(string nodePool, string instanceType, string capacityType, TimeSpan latency)
    {
        _registered.WithLabels(nodePool, instanceType, capacityType).Inc();
        _registration.Observe(latency.TotalSeconds);
    }

    public void Failed(string nodePool, string instanceType, string capacityType, string reason) =>
        _failed.WithLabels(nodePool, instanceType, capacityType, reason).Inc();
}
