namespace Extender.Core.Cluster;

/// <summary>
/// The live, thread-safe cluster picture that the watch adapters feed. Writers serialise on a lock and publish a new
/// immutable <see cref="ClusterSnapshot"/>; readers take <see cref="Current"/> without locking and keep a consistent
/// view for as long as they hold it.
/// </summary>
public sealed class ClusterState
{
    private readonly Lock _lock = new();
    private ClusterSnapshot _current = ClusterSnapshot.Empty;

    /// <summary>
    /// Raised after every publish, under the writer lock, so handlers see snapshots in version order; handlers must
    /// be quick and must not write to this state.
    /// </summary>
    public event Action<ClusterSnapshot>? Published;

    public ClusterSnapshot Current => Volatile.Read(ref _current);

    public void UpsertNode(Node node)
    {
        Validate(node);
        Apply(b => b.UpsertNode(node));
    }

    public void DeleteNode(string name) => Apply(b => b.DeleteNode(name));

    public void UpsertPod(Pod pod)
    {
        Validate(pod);
        Apply(b => b.UpsertPod(pod));
    }

    public void DeletePod(string uid) => Apply(b => b.DeletePod(uid));

    /// <summary>Reconciles after a full re-list: the result holds exactly <paramref name="nodes"/> and <paramref name="pods"/>.</summary>
    public void Replace(IEnumerable<Node> nodes, IEnumerable<Pod> pods)
    {
        var nodeList = ValidateAll(nodes, Validate);
        var podList = ValidateAll(pods, Validate);
        Apply(
            b =>
            {
                // Pods first: each node then sums its pods once instead of being re-copied per pod.
                foreach (var pod in podList)
                {
                    b.UpsertPod(pod);
                }

                foreach (var node in nodeList)
                {
                    b.UpsertNode(node);
                }
            },
            fromScratch: true);
    }

    /// <summary>Reconciles the nodes after a node re-list; pods are kept.</summary>
    public void ReplaceNodes(IEnumerable<Node> nodes)
    {
        var nodeList = ValidateAll(nodes, Validate);
        var keep = nodeList.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        Apply(b =>
        {
            foreach (var name in b.NodeNames.Where(n => !keep.Contains(n)))
            {
                b.DeleteNode(name);
            }

            foreach (var node in nodeList)
            {
                b.UpsertNode(node);
            }
        });
    }

    /// <summary>Reconciles the pods after a pod re-list; nodes are kept.</summary>
    public void ReplacePods(IEnumerable<Pod> pods)
    {
        var podList = ValidateAll(pods, Validate);
        var keep = podList.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        Apply(b =>
        {
            foreach (var uid in b.PodUids.Where(u => !keep.Contains(u)))
            {
                b.DeletePod(uid);
            }

            foreach (var pod in podList)
            {
                b.UpsertPod(pod);
            }
        });
    }

    private void Apply(Action<SnapshotBuilder> change, bool fromScratch = false)
    {
        lock (_lock)
        {
            var builder = new SnapshotBuilder(fromScratch ? ClusterSnapshot.Empty : _current);
            change(builder);
            if (!builder.Changed && !fromScratch)
            {
                return;
            }

            var next = builder.Build(_current.Version + 1);
            Volatile.Write(ref _current, next);
            Published?.Invoke(next);
        }
    }

    private static List<T> ValidateAll<T>(IEnumerable<T> items, Action<T> validate)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        list.ForEach(validate);
        return list;
    }

    private static void Validate(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentException.ThrowIfNullOrEmpty(node.Name, nameof(node));
    }

    private static void Validate(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (string.IsNullOrEmpty(pod.Uid))
        {
            throw new ArgumentException($"pod {pod.Key} has no uid", nameof(pod));
        }
    }
}
