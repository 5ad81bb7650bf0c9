using Prometheus;

namespace Extender.Disruption;

/// <summary>
/// What voluntary disruption decided and did: decisions by reason, evictions by outcome, drains a
/// PodDisruptionBudget is holding, and the time from the decision (the claim's deletion) to the node being gone.
/// </summary>
internal sealed class DisruptionMetrics
{
    private readonly Counter _decisions;
    private readonly Counter _evictions;
    private readonly Gauge _blockedDrains;
    private readonly Counter _blocked;
    private readonly Histogram _decisionToGone;

    public DisruptionMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _decisions = factory.CreateCounter("extender_disruption_decisions_total", "Nodes chosen for disruption, by reason (Empty, Drifted, Underutilized, Expired) and NodePool.", ["reason", "nodepool"]);
        _evictions = factory.CreateCounter("extender_disruption_evictions_total", "Pods removed from terminating nodes: evicted, refused (a PodDisruptionBudget said no), or deleted at the termination deadline.", ["outcome"]);
        _blockedDrains = factory.CreateGauge("extender_disruption_drains_blocked", "Nodes whose drain a PodDisruptionBudget refused on the last pass.");
        _blocked = factory.CreateCounter("extender_disruption_blocked_total", "Candidates kept by a do-not-disrupt annotation, a budget or a blocked eviction, by reason.", ["reason"]);
        _decisionToGone = factory.CreateHistogram("extender_disruption_decision_to_gone_seconds", "From a NodeClaim's deletion to its instance terminated and node released.", new HistogramConfiguration
        {
            Buckets = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600],
        });
    }

    public void Decided(string reason, string nodePool) => _decisions.WithLabels(reason, nodePool).Inc();

    public void Evicted(string outcome) => _evictions.WithLabels(outcome).Inc();

    public void Blocked(string reason) => _blocked.WithLabels(reason).Inc();

    public void BlockedDrains(int nodes) => _blockedDrains.Set(nodes);

    public void Gone(TimeSpan sinceDecision) => _decisionToGone.Observe(Math.Max(0, sinceDecision.TotalSeconds));
}
