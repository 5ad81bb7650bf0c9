using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.Watching;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Kubernetes.State;

/// <summary>Feeds watched nodes into <see cref="ClusterState"/> as Core nodes; the API objects are not kept.</summary>
internal sealed class NodeStateSink(ClusterState state, IEnumerable<IClusterObserver> observers, ILogger<NodeStateSink> logger) : IResourceSink<V1Node>
{
    private readonly IClusterObserver[] _observers = [.. observers];

    public IReplacement<V1Node> BeginReplace() => new Replacement(this);

    public void Upsert(V1Node item)
    {
        if (TryMap(item, out var node))
        {
            Announce(node);
            state.UpsertNode(node);
        }
    }

    public void Delete(V1Node item)
    {
        if (!string.IsNullOrEmpty(item.Metadata?.Name) && state.Current.FindNode(item.Metadata.Name)?.Node is { } gone)
        {
            state.DeleteNode(gone.Name);
            AnnounceGone(gone);
        }
    }

    private bool TryMap(V1Node item, out Node node)
    {
        try
        {
            node = NodeMapper.Map(item);
            return true;
        }
        catch (FormatException e)
        {
            ReflectorLog.Skipped(logger, "nodes", item.Metadata?.Name ?? "", e.Message);
            node = null!;
            return false;
        }
    }

    private void Commit(List<Node> nodes)
    {
        nodes.ForEach(Announce);

        // Nodes deleted while the watch was disconnected are announced too, so what depended on them is let go.
        var listed = nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var gone = _observers.Length == 0 ? [] : state.Current.Nodes.Select(n => n.Node).Where(n => !listed.Contains(n.Name)).ToList();
        state.ReplaceNodes(nodes);
        gone.ForEach(AnnounceGone);
    }

    private void AnnounceGone(Node node)
    {
        foreach (var observer in _observers)
        {
            observer.OnNodeDeleted(node);
        }
    }

    private void Announce(Node node)
    {
        foreach (var observer in _observers)
        {
            observer.OnNodeChanging(node);
        }
    }

    private sealed class Replacement(NodeStateSink sink) : IReplacement<V1Node>
    {
        private readonly List<Node> _nodes = [];

        public void Add(V1Node item)
        {
            if (sink.TryMap(item, out var node))
            {
                _nodes.Add(node);
            }
        }

        public void Commit() => sink.Commit(_nodes);
    }
}
