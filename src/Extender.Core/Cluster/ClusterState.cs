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
        var podIndex = PodIndex.Build(ValidateAll(pods, Validate));
        Publish((current, version) => SnapshotBuilder.Assemble(version, nodeList, podIndex, current.NamespaceLabels));
    }

    /// <summary>Reconciles the nodes after a node re-list; pods are kept.</summary>
    public void ReplaceNodes(IEnumerable<Node> nodes)
    {
        var nodeList = ValidateAll(nodes, Validate);
        Publish((current, version) => SnapshotBuilder.Assemble(version, nodeList, current.Pods, current.NamespaceLabels));
    }

    /// <summary>Reconciles the pods after a pod re-list; nodes are kept.</summary>
    public void ReplacePods(IEnumerable<Pod> pods)
    {
        // The index does not depend on the current snapshot, so it is built outside the writer lock.
        var podIndex = PodIndex.Build(ValidateAll(pods, Validate));
        Publish((current, version) => SnapshotBuilder.Assemble(version, current.Nodes.Select(n => n.Node), podIndex, current.NamespaceLabels));
    }

    /// <summary>
    /// Every namespace with its labels (the whole set: namespaces are few and change rarely); snapshots published
    /// from now on carry it for the namespace selectors of pod affinity terms.
    /// </summary>
    public void ReplaceNamespaceLabels(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(namespaceLabels);
        Publish((current, version) => current.WithNamespaceLabels(version, namespaceLabels));
    }

    private void Apply(Action<SnapshotBuilder> change) =>
        Publish((current, version) =>
        {
            var builder = new SnapshotBuilder(current);
            change(builder);
            return builder.Changed ? builder.Build(version) : null;
        });

    // The build runs under the lock so that changes apply in order; a null result means nothing changed.
    private void Publish(Func<ClusterSnapshot, long, ClusterSnapshot?> build)
    {
        lock (_lock)
        {
            var next = build(_current, _current.Version + 1);
            if (next is null)
            {
                return;
            }

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
