using System.Collections.Concurrent;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;

namespace Extender.Wiring;

/// <summary>
/// The EC2NodeClass side of drift, from the watch cache: the spec's hash (computed once per generation, as every claim
/// of a class asks for it on every pass) and the status the node class status controller writes.
/// </summary>
internal sealed class NodeClassDriftSource(IObjectCache<EC2NodeClass> cache) : INodeClassDrift
{
    private readonly ConcurrentDictionary<string, (string? Uid, long Generation, string Hash)> _hashes = new(StringComparer.Ordinal);

    public string? Hash(string nodeClass)
    {
        if (cache.Get(nodeClass) is not { } resource)
        {
            return null;
        }

        var (uid, generation) = (resource.Metadata?.Uid, resource.Metadata?.Generation);
        if (generation is { } known && _hashes.TryGetValue(nodeClass, out var cached) && cached.Uid == uid && cached.Generation == known)
        {
            return cached.Hash;
        }

        var hash = ResourceHash.Ec2NodeClass(resource);
        if (generation is { } current)
        {
            _hashes[nodeClass] = (uid, current, hash);
        }

        return hash;
    }

    public ResolvedNodeClass? Resolved(string nodeClass) => cache.Get(nodeClass) is { } resource
        ? new ResolvedNodeClass(
            [.. (resource.Status?.Subnets ?? []).Select(s => s.Id)],
            [.. (resource.Status?.SecurityGroups ?? []).Select(g => g.Id)],
            [.. (resource.Status?.Amis ?? []).Select(a => new ResolvedNodeImage(
                a.Id, [.. (a.Requirements ?? []).Select(r => new NodeSelectorRequirement(r.Key, r.Operator, [.. r.Values ?? []]))]))])
        : null;
}
