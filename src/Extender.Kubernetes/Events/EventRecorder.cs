using System.Globalization;
using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Events;

/// <summary>
/// Collects events in memory and sends them on a timer: each distinct event once (later repeats update its
/// <c>series.count</c>), at most <see cref="EventOptions.MaxCallsPerFlush"/> calls per flush, oldest first.
/// Events are best effort: a failed write is logged and dropped, never retried into a storm.
/// </summary>
internal sealed class EventRecorder([FromKeyedServices(KubernetesLane.Events)] IKubernetes client, IOptions<EventOptions> options, TimeProvider time, ILogger<EventRecorder> logger)
    : BackgroundService, IEventRecorder
{
    private const int MaxRemembered = 4096;
    private readonly EventOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<EventKey, Occurrences> _pending = [];
    private readonly Queue<EventKey> _order = new();
    private readonly Dictionary<EventKey, SentEvent> _sent = [];
    private readonly Queue<EventKey> _sentOrder = new();
    private int _dropped;
    private long _sequence;

    public void Record(EventTarget regarding, string type, string reason, string action, string note)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        var key = new EventKey(regarding, type, reason, action, note);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out var seen))
            {
                _pending[key] = seen with { Count = seen.Count + 1, Last = now };
            }
            else if (_pending.Count >= _options.MaxPending)
            {
                _dropped++;
            }
            else
            {
                _pending[key] = new Occurrences(1, now);
                _order.Enqueue(key);
            }
        }
    }

    /// <summary>Sends the oldest waiting events, within the per-flush call budget.</summary>
    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new List<(EventKey Key, Occurrences Occurrences)>();
        int dropped;
        lock (_gate)
        {
            while (batch.Count < _options.MaxCallsPerFlush && _order.TryDequeue(out var key))
            {
                batch.Add((key, _pending[key]));
                _pending.Remove(key);
            }

            dropped = _dropped;
            _dropped = 0;
        }

        if (dropped > 0)
        {
            EventLog.Dropped(logger, dropped, _options.MaxPending);
        }

        foreach (var (key, occurrences) in batch)
        {
            try
            {
                await SendAsync(key, occurrences, cancellationToken);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                EventLog.WriteFailed(logger, e, key.Reason, key.Regarding.Kind, key.Regarding.Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: unsent events are dropped, as with any best-effort event sink.
        }
    }

    private async Task SendAsync(EventKey key, Occurrences occurrences, CancellationToken cancellationToken)
    {
        if (_sent.TryGetValue(key, out var sent))
        {
            var count = sent.Count + occurrences.Count;
            try
            {
                var series = new { series = new { count, lastObservedTime = occurrences.Last.UtcDateTime } };
                await client.EventsV1.PatchNamespacedEventAsync(new V1Patch(series, V1Patch.PatchType.MergePatch), sent.Name, sent.Namespace, cancellationToken: cancellationToken);
                _sent[key] = sent with { Count = count };
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // The Event expired on the server; start a new one.
                occurrences = occurrences with { Count = count };
            }
        }

        var ns = key.Regarding.Namespace ?? "default";
        var name = string.Create(CultureInfo.InvariantCulture, $"{key.Regarding.Name}.{time.GetUtcNow().ToUnixTimeMilliseconds():x}{Interlocked.Increment(ref _sequence):x}");
        await client.EventsV1.CreateNamespacedEventAsync(ToEvent(key, occurrences, ns, name), ns, cancellationToken: cancellationToken);
        Remember(key, new SentEvent(ns, name, occurrences.Count));
    }

    private Eventsv1Event ToEvent(EventKey key, Occurrences occurrences, string ns, string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        EventTime = time.GetUtcNow().UtcDateTime,
        ReportingController = _options.ReportingController,
        ReportingInstance = _options.ReportingInstance,
        Action = key.Action,
        Reason = key.Reason,
        Type = key.Type,
        Note = key.Note.Length > 1024 ? key.Note[..1024] : key.Note,
        Regarding = new V1ObjectReference
        {
            ApiVersion = key.Regarding.ApiVersion,
            Kind = key.Regarding.Kind,
            Name = key.Regarding.Name,
            NamespaceProperty = key.Regarding.Namespace,
            Uid = key.Regarding.Uid,
        },
        Series = occurrences.Count > 1 ? new Eventsv1EventSeries { Count = occurrences.Count, LastObservedTime = occurrences.Last.UtcDateTime } : null,
    };

    private void Remember(EventKey key, SentEvent sent)
    {
        if (_sent.TryAdd(key, sent))
        {
            _sentOrder.Enqueue(key);
            if (_sentOrder.Count > MaxRemembered)
            {
                _sent.Remove(_sentOrder.Dequeue());
            }
        }
    }

    private sealed record Occurrences(int Count, DateTimeOffset Last);

    private sealed record SentEvent(string Namespace, string Name, int Count);
}
