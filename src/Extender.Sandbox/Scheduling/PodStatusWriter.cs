using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// Writes what kube-scheduler writes after a cycle: the <c>PodScheduled=False</c> condition and a
/// <c>FailedScheduling</c> Warning event on failure, a <c>Scheduled</c> Normal event on success (events.k8s.io/v1).
/// A failed write is logged and dropped, as upstream's event broadcaster and status updater do. As upstream, it
/// writes only what changed: a condition equal to the pod's current one is not patched again (the scheduler's
/// <c>updatePod</c>), and an event isomorphic to one already written (same type, action, reason, reporter and
/// regarding object, resourceVersion included) becomes a series: the second is a PATCH of <c>series.count</c> to 2,
/// later ones are counted here only (client-go's events broadcaster refreshes a series every 30 minutes, longer than
/// any run of the sandbox). A pod failing again and again for the same reason costs no API write after its second.
/// </summary>
internal sealed class PodStatusWriter(IKubernetes client, string hostName, TimeSpan apiTimeout, TimeProvider time, ILogger logger)
{
    /// <summary>Event notes longer than this are cut and end in <c>" ..."</c>.</summary>
    public const int MaxNoteLength = 1024;

    /// <summary>How long an event's series is kept after its last occurrence (client-go's <c>finishTime</c>).</summary>
    private static readonly TimeSpan SeriesKept = TimeSpan.FromMinutes(6);

    private readonly Lock _gate = new();
    private readonly Dictionary<EventKey, Recorded> _recorded = [];
    private DateTimeOffset _lastPrune;
    private long _sequence;

    public async Task RecordFailureAsync(V1Pod pod, string schedulerName, string reason, string message, CancellationToken cancellationToken)
    {
        await TryAsync(pod, token => PatchConditionAsync(pod, reason, message, token), cancellationToken);
        await TryAsync(pod, token => CreateEventAsync(pod, schedulerName, "Warning", "FailedScheduling", "Scheduling", message, token), cancellationToken);
    }

    public Task RecordScheduledAsync(V1Pod pod, string schedulerName, string node, CancellationToken cancellationToken) =>
        TryAsync(
            pod,
            token => CreateEventAsync(pod, schedulerName, "Normal", "Scheduled", "Binding", $"Successfully assigned {ApiPods.Key(pod)} to {node}", token),
            cancellationToken);

    private static string Truncate(string note) => note.Length <= MaxNoteLength ? note : string.Concat(note.AsSpan(0, MaxNoteLength - 4), " ...");

    private async Task PatchConditionAsync(V1Pod pod, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = pod.Status?.Conditions ?? [];
        var previous = existing.FirstOrDefault(c => c.Type == "PodScheduled");
        if (previous is { Status: "False" } && previous.Reason == reason && previous.Message == message && previous.ObservedGeneration == pod.Metadata.Generation)
        {
            // Upstream's UpdatePodCondition reports no change, and updatePod sends nothing.
            return;
        }

        var condition = new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "False",
            ObservedGeneration = pod.Metadata.Generation,
            LastTransitionTime = previous is { Status: "False" } ? previous.LastTransitionTime : now,
            Reason = reason,
            Message = message,
        };

        // A merge patch replaces the whole list, so the other conditions are carried over.
        var conditions = existing.Where(c => c.Type != "PodScheduled").Append(condition).ToList();
        var patch = new V1Patch(new { status = new { conditions } }, V1Patch.PatchType.MergePatch);
        await client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty ?? "default", cancellationToken: cancellationToken);
    }

    private async Task CreateEventAsync(V1Pod pod, string schedulerName, string type, string reason, string action, string note, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var key = new EventKey(type, action, reason, schedulerName, ns, pod.Metadata.Name, pod.Metadata.Uid, pod.Metadata.ResourceVersion);
        if (Observe(key, now) is { } series)
        {
            if (series.Count == 2)
            {
                var patch = new { series = new { count = 2, lastObservedTime = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture) } };
                await client.EventsV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), series.Name, ns, cancellationToken: cancellationToken);
            }

            return;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var item = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{pod.Metadata.Name}.{now.ToUnixTimeMilliseconds() * 1_000_000:x}{sequence:x}", NamespaceProperty = ns },
            EventTime = now.UtcDateTime,
            ReportingController = schedulerName,
            ReportingInstance = $"{schedulerName}-{hostName}",
            Action = action,
            Reason = reason,
            Type = type,
            Note = Truncate(note),
            Regarding = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = ns,
                Uid = pod.Metadata.Uid,
                ResourceVersion = pod.Metadata.ResourceVersion,
            },
        };
        lock (_gate)
        {
            _recorded[key] = new Recorded(item.Metadata.Name, 1, now);
        }

        await client.EventsV1.CreateNamespacedEventAsync(item, ns, cancellationToken: cancellationToken);
    }

    /// <summary>Counts one more occurrence of an event already recorded; null when it is new (then it is created).</summary>
    private Recorded? Observe(EventKey key, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now - _lastPrune > SeriesKept)
            {
                foreach (var stale in _recorded.Where(r => now - r.Value.LastObserved > SeriesKept).Select(r => r.Key).ToList())
                {
                    _recorded.Remove(stale);
                }

                _lastPrune = now;
            }

            if (!_recorded.TryGetValue(key, out var recorded))
            {
                return null;
            }

            recorded = recorded with { Count = recorded.Count + 1, LastObserved = now };
            _recorded[key] = recorded;
            return recorded;
        }
    }

    private async Task TryAsync(V1Pod pod, Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(apiTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await write(linked.Token);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            SchedulerLog.StatusWriteFailed(logger, ApiPods.Key(pod), e.Message);
        }
    }

    /// <summary>client-go's isomorphic-event key: the note is not part of it, the regarding object's resourceVersion is.</summary>
    private sealed record EventKey(string Type, string Action, string Reason, string Controller, string Namespace, string Name, string? Uid, string? ResourceVersion);

    private sealed record Recorded(string Name, long Count, DateTimeOffset LastObserved);
}
