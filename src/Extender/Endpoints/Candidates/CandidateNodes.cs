using Extender.Core.Cluster;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Endpoints.Candidates;

/// <summary>
/// Turns a request's pod and nodes into what the fit predicates read. In <c>NodeNames</c> mode a node is whatever the
/// snapshot holds under that name (null when unknown), looked up without making a string; in full-<c>Nodes</c> mode it
/// is the object as sent, loaded with the pods the snapshot knows are bound to a node of that name.
/// </summary>
internal static class CandidateNodes
{
    public static Pod MapPod(V1Pod pod)
    {
        try
        {
            return PodMapper.MapUnshared(pod);
        }
        catch (FormatException e)
        {
            throw new ExtenderRequestException($"Pod: {e.Message}", e);
        }
    }

    /// <summary>Node <paramref name="index"/> of the request, or null when a name is unknown to the snapshot.</summary>
    public static CandidateNode? Resolve(ExtenderArgs args, int index, ClusterSnapshot snapshot)
    {
        if (args.NodeNames is { } names)
        {
            return AtPosition(snapshot, snapshot.IndexOfNode(names[index]));
        }

        var node = MapNode(args.Nodes![index].Node, index);
        if (snapshot.FindNode(node.Name) is { } known)
        {
            return new CandidateNode(known with { Node = node }, -1);
        }

        var pods = snapshot.PodsBoundTo(node.Name);
        var requested = Core.Resources.ResourceList.Empty;
        foreach (var pod in pods)
        {
            requested = requested.Add(pod.Requests);
        }

        return new CandidateNode(new NodeState(node, pods, requested), -1);
    }

    /// <summary>
    /// The snapshot positions of every requested name (-1 when unknown), found in one pass before any node is fitted:
    /// a loop this small keeps several table lookups in flight at once.
    /// </summary>
    public static void Locate(NodeNameList names, ClusterSnapshot snapshot, Span<int> positions)
    {
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = snapshot.IndexOfNode(names[i]);
        }
    }

    /// <summary>The snapshot node at <paramref name="position"/>, or null for -1.</summary>
    public static CandidateNode? AtPosition(ClusterSnapshot snapshot, int position) =>
        position < 0 ? null : new CandidateNode(snapshot.Nodes[position], position);

    private static Node MapNode(V1Node node, int index)
    {
        try
        {
            return NodeMapper.Map(node);
        }
        catch (FormatException e)
        {
            throw new ExtenderRequestException($"Nodes.items[{index}]: {e.Message}", e);
        }
    }
}
