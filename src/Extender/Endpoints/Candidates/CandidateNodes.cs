using Extender.Core.Cluster;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Endpoints.Candidates;

/// <summary>
/// Turns a request's pod and nodes into what the fit predicates read. In <c>NodeNames</c> mode a node is whatever the
/// snapshot holds under that name (null when unknown); in full-<c>Nodes</c> mode it is the object as sent, loaded with
/// the pods the snapshot knows are bound to a node of that name.
/// </summary>
internal static class CandidateNodes
{
    public static Pod MapPod(V1Pod pod)
    {
        try
        {
            return PodMapper.Map(pod);
        }
        catch (FormatException e)
        {
            throw new ExtenderRequestException($"Pod: {e.Message}", e);
        }
    }

    public static NodeState? Resolve(ExtenderArgs args, int index, ClusterSnapshot snapshot)
    {
        if (args.Nodes is null)
        {
            return snapshot.FindNode(args.NodeNames![index]);
        }

        var node = MapNode(args.Nodes[index].Node, index);
        if (snapshot.FindNode(node.Name) is { } known)
        {
            return known with { Node = node };
        }

        var pods = snapshot.PodsBoundTo(node.Name);
        var requested = Core.Resources.ResourceList.Empty;
        foreach (var pod in pods)
        {
            requested = requested.Add(pod.Requests);
        }

        return new NodeState(node, pods, requested);
    }

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
