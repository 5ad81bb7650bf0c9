using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's DaemonSet controller: one pod per node that should run it (<see cref="DaemonPods"/>),
/// created unbound and pinned by node affinity for the scheduler to bind; failed pods and surplus pods on a node
/// deleted (a failed one is replaced on the next sync); pods on nodes that no longer take them, or that are gone,
/// deleted; status counted per node. Not modelled: rolling updates of the template, controller revisions.
/// </summary>
internal sealed class DaemonSetController(ControllerContext context)
{
    private readonly Expectations _expectations = new(context.Time);

    public WorkQueue Queue { get; } = new(context.Time);

    public void OnDaemonSet(V1DaemonSet? old, V1DaemonSet? current)
    {
        var key = ObjectCache<V1DaemonSet>.Key(current ?? old!);
        if (current is null)
        {
            _expectations.Forget(key);
        }

        Queue.Add(key);
    }

    public void OnPod(V1Pod? old, V1Pod? current)
    {
        if (Owners.ControllerKey((current ?? old!).Metadata, "DaemonSet") is { } key)
        {
            _expectations.PodObserved(key, old, current);
            Queue.Add(key);
        }
    }

    /// <summary>A node came, went or changed its labels or taints: every DaemonSet looks again.</summary>
    public void OnNode(V1Node? old, V1Node? current)
    {
        foreach (var daemonSet in context.DaemonSets.Values)
        {
            Queue.Add(ObjectCache<V1DaemonSet>.Key(daemonSet));
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (context.DaemonSets.Get(key) is not { } daemonSet || daemonSet.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var pods = context.PodsControlledBy(daemonSet.Metadata.NamespaceProperty, daemonSet.Metadata).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        var byNode = pods.GroupBy(p => DaemonPods.TargetNode(p) ?? "").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var nodes = context.Nodes.Values.ToList();
        var create = new List<string>();
        var delete = new List<V1Pod>();
        var desired = 0;
        foreach (var node in nodes)
        {
            var (shouldRun, shouldContinue) = DaemonPods.Placement(daemonSet, node);
            desired += shouldRun ? 1 : 0;
            var onNode = byNode.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (shouldRun && onNode.Count == 0)
            {
                create.Add(node.Metadata.Name);
            }
            else if (shouldContinue && onNode.Count > 0)
            {
                var failed = onNode.Where(p => p.Status?.Phase == "Failed").ToList();
                var running = onNode.Except(failed).OrderBy(p => p.Metadata.CreationTimestamp).ToList();
                delete.AddRange(failed);
                delete.AddRange(running.Skip(1));
            }
            else if (!shouldContinue)
            {
                delete.AddRange(onNode);
            }
        }

        // Pods for nodes that are gone (or pinned nowhere) have no kubelet to run them.
        var names = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        delete.AddRange(byNode.Where(g => !names.Contains(g.Key)).SelectMany(g => g.Value));

        if (_expectations.Satisfied(key))
        {
            await ManageAsync(key, daemonSet, create, delete, cancellationToken);
        }

        await UpdateStatusAsync(daemonSet, pods, nodes, desired, cancellationToken);
    }

    private async Task ManageAsync(string key, V1DaemonSet daemonSet, List<string> create, List<V1Pod> delete, CancellationToken cancellationToken)
    {
        if (delete.Count > 0)
        {
            _expectations.ExpectDeletions(key, delete.Select(ObjectCache<V1Pod>.Key));
            foreach (var pod in delete)
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

            return;
        }

        if (create.Count > 0)
        {
            _expectations.ExpectCreations(key, create.Count);
            var next = 0;
            var (successes, error) = await SlowStart.RunAsync(create.Count, SlowStart.InitialBatchSize, () =>
            {
                var node = create[Interlocked.Increment(ref next) - 1];
                return context.CallAsync(token => context.Client.CoreV1.CreateNamespacedPodAsync(DaemonPods.Template(daemonSet, node), daemonSet.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
            });
            for (var skipped = create.Count - successes; skipped > 0; skipped--)
            {
                _expectations.CreationObserved(key);
            }

            if (error is not null)
            {
                throw error;
            }
        }
    }

    private async Task UpdateStatusAsync(V1DaemonSet daemonSet, List<V1Pod> pods, List<V1Node> nodes, int desired, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var scheduled = pods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName)).ToList();
        var runsHere = nodes.Where(n => DaemonPods.Placement(daemonSet, n).ShouldRun).Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var current = scheduled.Where(p => runsHere.Contains(p.Spec.NodeName)).DistinctBy(p => p.Spec.NodeName).ToList();
        var status = new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current.Count,
            NumberMisscheduled = scheduled.Where(p => !runsHere.Contains(p.Spec.NodeName)).Select(p => p.Spec.NodeName).Distinct().Count(),
            NumberReady = current.Count(PodStates.IsReady),
            NumberAvailable = current.Count(p => PodStates.IsAvailable(p, daemonSet.Spec.MinReadySeconds ?? 0, now)),
            UpdatedNumberScheduled = current.Count,
            ObservedGeneration = daemonSet.Metadata.Generation,
        };
        status.NumberUnavailable = desired - status.NumberAvailable;
        var previous = daemonSet.Status;
        if (previous is not null
            && (previous.DesiredNumberScheduled, previous.CurrentNumberScheduled, previous.NumberMisscheduled, previous.NumberReady, previous.NumberAvailable ?? 0, previous.ObservedGeneration)
                == (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled, status.NumberReady, status.NumberAvailable ?? 0, status.ObservedGeneration))
        {
            return;
        }

        var copy = ControllerContext.Clone(daemonSet);
        copy.Status = status;
        await context.CallAsync(token => context.Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(copy, daemonSet.Metadata.Name, daemonSet.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }
}
