using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// Writes what kube-scheduler writes after a cycle: the <c>PodScheduled=False</c> condition and a
/// <c>FailedScheduling</c> Warning event on failure, a <c>Scheduled</c> Normal event on success (events.k8s.io/v1).
/// A failed write is logged and dropped, as upstream's event broadcaster and status updater do.
/// </summary>
internal sealed class PodStatusWriter(IKubernetes client, string hostName, TimeSpan apiTimeout, TimeProvider time, ILogger logger)
{
    /// <summary>Event notes longer than this are cut and end in <c>" ..."</c>.</summary>
    public const int MaxNoteLength = 1024;

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
        await client.EventsV1.CreateNamespacedEventAsync(item, ns, cancellationToken: cancellationToken);
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
}
