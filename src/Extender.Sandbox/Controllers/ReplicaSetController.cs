using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's ReplicaSet controller: keeps <c>spec.replicas</c> active pods controlled by each
/// ReplicaSet, creating at most <see cref="BurstReplicas"/> per sync in slow-start batches and deleting the
/// least-established first, waits for its own creations and deletions to show in the cache (expectations) before
/// acting on a count again, and writes replicas, fullyLabeled, ready and available replicas to the status.
/// Orphaned pods matching a selector are not adopted (the sandbox's pods come from controllers or stay unowned).
/// </summary>
internal sealed class ReplicaSetController(ControllerContext context)
{
    /// <summary>Upstream's <c>BurstReplicas</c>: the most pods one sync creates or deletes.</summary>
    public const int BurstReplicas = 500;

    private readonly Expectations _expectations = new(context.Time);

    public WorkQueue Queue { get; } = new(context.Time);

    public void OnReplicaSet(V1ReplicaSet? old, V1ReplicaSet? current)
    {
        var rs = current ?? old!;
        var key = ObjectCache<V1ReplicaSet>.Key(rs);
        if (current is null)
        {
            _expectations.Forget(key);
        }

        Queue.Add(key);
    }

    public void OnPod(V1Pod? old, V1Pod? current)
    {
        if (Owners.ControllerKey((current ?? old!).Metadata, "ReplicaSet") is { } key)
        {
            _expectations.PodObserved(key, old, current);
            Queue.Add(key);
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (context.ReplicaSets.Get(key) is not { } rs || rs.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var satisfied = _expectations.Satisfied(key);
        var active = context.PodsControlledBy(rs.Metadata.NamespaceProperty, rs.Metadata).Where(PodStates.IsActive).ToList();
        Exception? failure = null;
        if (satisfied)
        {
            failure = await ManageReplicasAsync(key, rs, active, cancellationToken);
        }

        await UpdateStatusAsync(rs, active, cancellationToken);
        if (failure is not null)
        {
            throw failure;
        }

        if (rs.Spec.MinReadySeconds is > 0 and var minReady && active.Any(p => PodStates.IsReady(p) && !PodStates.IsAvailable(p, minReady, context.Time.GetUtcNow())))
        {
            // A ready pod becomes available without an event of its own: look again once it has been ready long enough.
            Queue.AddAfter(key, TimeSpan.FromSeconds(minReady), cancellationToken);
        }
    }

    private async Task<Exception?> ManageReplicasAsync(string key, V1ReplicaSet rs, List<V1Pod> active, CancellationToken cancellationToken)
    {
        var diff = active.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var create = Math.Min(-diff, BurstReplicas);
            _expectations.ExpectCreations(key, create);
            var (successes, error) = await SlowStart.RunAsync(create, SlowStart.InitialBatchSize, () =>
                context.CallAsync(token => context.Client.CoreV1.CreateNamespacedPodAsync(PodFactory.FromTemplate(rs.Spec.Template, rs), rs.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken));
            for (var skipped = create - successes; skipped > 0; skipped--)
            {
                // Never created, so never observed: expect them no longer.
                _expectations.CreationObserved(key);
            }

            return error;
        }

        if (diff > 0)
        {
            var victims = PodDeletionOrder.Pick(active, Math.Min(diff, BurstReplicas));
            _expectations.ExpectDeletions(key, victims.Select(ObjectCache<V1Pod>.Key));
            var errors = await Task.WhenAll(victims.Select(pod => DeleteAsync(key, pod, cancellationToken)));
            return errors.FirstOrDefault(e => e is not null);
        }

        return null;
    }

    private async Task<Exception?> DeleteAsync(string key, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await context.CallAsync(token => context.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            _expectations.DeletionObserved(key, ObjectCache<V1Pod>.Key(pod));
            return null;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            _expectations.DeletionObserved(key, ObjectCache<V1Pod>.Key(pod));
            return e;
        }
    }

    private async Task UpdateStatusAsync(V1ReplicaSet rs, List<V1Pod> active, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var status = new V1ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = active.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            ReadyReplicas = active.Count(PodStates.IsReady),
            AvailableReplicas = active.Count(p => PodStates.IsAvailable(p, rs.Spec.MinReadySeconds ?? 0, now)),
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions,
        };
        if (StatusEquals(rs.Status, status))
        {
            return;
        }

        var copy = ControllerContext.Clone(rs);
        copy.Status = status;
        await context.CallAsync(token => context.Client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(copy, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    private static bool StatusEquals(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is not null && (a.Replicas, a.FullyLabeledReplicas ?? 0, a.ReadyReplicas ?? 0, a.AvailableReplicas ?? 0, a.ObservedGeneration)
            == (b.Replicas, b.FullyLabeledReplicas ?? 0, b.ReadyReplicas ?? 0, b.AvailableReplicas ?? 0, b.ObservedGeneration);
}
