using Extender.Core.Interruption;
using Prometheus;

namespace Extender.Interruption;

/// <summary>Interruption intake: messages by kind, how late they were read (from the event's <c>time</c>), actions taken.</summary>
internal sealed class InterruptionMetrics
{
    public const string UnparseableKind = "Unparseable";

    private readonly Counter _received;
    private readonly Counter _deleted;
    private readonly Histogram _queueDelay;
    private readonly Counter _actions;

    public InterruptionMetrics(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _received = factory.CreateCounter("extender_interruption_received_messages_total", "Interruption queue messages received, by kind (Unparseable for bodies that could not be read).", ["kind"]);
        _deleted = factory.CreateCounter("extender_interruption_deleted_messages_total", "Interruption queue messages deleted once handled or found unparseable.");
        _queueDelay = factory.CreateHistogram("extender_interruption_message_queue_duration_seconds", "From the event's time (EC2 emitting it) to this replica reading it.", new HistogramConfiguration
        {
            Buckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
        });
        _actions = factory.CreateCounter("extender_interruption_actions_total", "Responses to interruption messages, by action and kind.", ["action", "kind"]);
    }

    public void Received(string kind) => _received.WithLabels(kind).Inc();

    public void Deleted() => _deleted.Inc();

    public void QueueDelay(TimeSpan delay) => _queueDelay.Observe(Math.Max(0, delay.TotalSeconds));

    public void Acted(InterruptionAction action, InterruptionKind kind) => _actions.WithLabels(action.ToString(), kind.ToString()).Inc();
}
