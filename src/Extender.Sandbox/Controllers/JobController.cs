using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's Job controller, for the fields the sandbox's workloads use: up to
/// <c>parallelism</c> active pods (never more than the completions still missing) created in slow-start batches;
/// succeeded and failed pods counted; the Job Complete (with SuccessCriteriaMet first, as since 1.31) once
/// <c>completions</c> pods have succeeded — or, without completions, once one has and none is active — and Failed
/// (BackoffLimitExceeded) once more than <c>backoffLimit</c> have failed; the remaining active pods are deleted then.
/// Sandbox pods finish through <c>sandbox.extender.io/run-for</c>. Not modelled: indexed completion, pod failure
/// policies, suspend, active deadlines, TTL, tracking finalizers.
/// </summary>
internal sealed class JobController(ControllerContext context)
{
    private const int DefaultBackoffLimit = 6;
    private readonly Expectations _expectations = new(context.Time);

    public WorkQueue Queue { get; } = new(context.Time);

    public void OnJob(V1Job? old, V1Job? current)
    {
        var key = ObjectCache<V1Job>.Key(current ?? old!);
        if (current is null)
        {
            _expectations.Forget(key);
        }

        Queue.Add(key);
    }

    public void OnPod(V1Pod? old, V1Pod? current)
    {
        if (Owners.ControllerKey((current ?? old!).Metadata, "Job") is { } key)
        {
            _expectations.PodObserved(key, old, current);
            Queue.Add(key);
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (context.Jobs.Get(key) is not { } job || job.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var pods = context.PodsControlledBy(job.Metadata.NamespaceProperty, job.Metadata).ToList();
        var active = pods.Where(PodStates.IsActive).ToList();
        var succeeded = pods.Count(p => p.Status?.Phase == "Succeeded");
        var failed = pods.Count(p => p.Status?.Phase == "Failed");
        var finished = job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;
        var completions = job.Spec.Completions;
        var complete = finished || (completions is { } c ? succeeded >= c : succeeded > 0 && active.Count == 0);
        var overBackoff = failed > (job.Spec.BackoffLimit ?? DefaultBackoffLimit);
        Exception? failure = null;
        if (_expectations.Satisfied(key))
        {
            var wanted = complete || overBackoff || finished
                ? 0
                : completions is { } total ? Math.Min(job.Spec.Parallelism ?? 1, total - succeeded)

                    // Without completions, the first success stops new pods; the running ones finish on their own.
                    : succeeded > 0 ? active.Count : job.Spec.Parallelism ?? 1;
            failure = await ManagePodsAsync(key, job, active, wanted, cancellationToken);
        }

        await UpdateStatusAsync(job, pods, active, succeeded, failed, complete, overBackoff, cancellationToken);
        if (failure is not null)
        {
            throw failure;
        }
    }

    private async Task<Exception?> ManagePodsAsync(string key, V1Job job, List<V1Pod> active, int wanted, CancellationToken cancellationToken)
    {
        if (active.Count < wanted)
        {
            var create = wanted - active.Count;
            _expectations.ExpectCreations(key, create);
            var (successes, error) = await SlowStart.RunAsync(create, SlowStart.InitialBatchSize, () =>
                context.CallAsync(token => context.Client.CoreV1.CreateNamespacedPodAsync(JobPod(job), job.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken));
            for (var skipped = create - successes; skipped > 0; skipped--)
            {
                _expectations.CreationObserved(key);
            }

            return error;
        }

        if (active.Count > wanted)
        {
            var victims = PodDeletionOrder.Pick(active, active.Count - wanted);
            _expectations.ExpectDeletions(key, victims.Select(ObjectCache<V1Pod>.Key));
            foreach (var pod in victims)
            {
                try
                {
                    await context.CallAsync(token => context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    _expectations.DeletionObserved(key, ObjectCache<V1Pod>.Key(pod));
                }
            }
        }

        return null;
    }

    /// <summary>The template's pod with the labels the API server defaults into a Job's template (job-name, controller-uid).</summary>
    private static V1Pod JobPod(V1Job job)
    {
        var pod = PodFactory.FromTemplate(job.Spec.Template, job);
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        pod.Metadata.Labels["batch.kubernetes.io/job-name"] = job.Metadata.Name;
        pod.Metadata.Labels["job-name"] = job.Metadata.Name;
        pod.Metadata.Labels["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid;
        pod.Metadata.Labels["controller-uid"] = job.Metadata.Uid;
        return pod;
    }

    private async Task UpdateStatusAsync(V1Job job, List<V1Pod> pods, List<V1Pod> active, int succeeded, int failed, bool complete, bool overBackoff, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow().UtcDateTime;
        var status = new V1JobStatus
        {
            StartTime = job.Status?.StartTime ?? now,
            Active = active.Count,
            Ready = active.Count(PodStates.IsReady),
            Succeeded = succeeded,
            Failed = failed,
            Terminating = pods.Count(p => p.Metadata.DeletionTimestamp is not null),
            Conditions = job.Status?.Conditions is { Count: > 0 } existing ? [.. existing] : null,
            CompletionTime = job.Status?.CompletionTime,
        };
        var finished = status.Conditions?.Any(c => c.Type is "Complete" or "Failed") == true;
        if (!finished && complete && active.Count == 0)
        {
            status.Conditions = [Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now), Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now)];
            status.CompletionTime = now;
        }
        else if (!finished && overBackoff && active.Count == 0)
        {
            status.Conditions = [Condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now), Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", now)];
        }

        var previous = job.Status;
        if (previous is not null
            && (previous.Active ?? 0, previous.Ready ?? 0, previous.Succeeded ?? 0, previous.Failed ?? 0, previous.Terminating ?? 0, previous.Conditions?.Count ?? 0)
                == (status.Active ?? 0, status.Ready ?? 0, status.Succeeded ?? 0, status.Failed ?? 0, status.Terminating ?? 0, status.Conditions?.Count ?? 0)
            && previous.StartTime is not null)
        {
            return;
        }

        var copy = ControllerContext.Clone(job);
        copy.Status = status;
        await context.CallAsync(token => context.Client.BatchV1.ReplaceNamespacedJobStatusAsync(copy, job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    private static V1JobCondition Condition(string type, string reason, string message, DateTime now) =>
        new() { Type = type, Status = "True", Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now };
}
