using System.Collections.Concurrent;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Disruption.Replacing;

namespace Extender.Tests.Interruption;

/// <summary>Records what interruption intake asked reserve before evict to prepare.</summary>
internal sealed class RecordingPreparation : IReplacementPreparation
{
    private readonly ConcurrentQueue<(string Claim, string Node, DateTimeOffset ReclaimAt)> _calls = new();

    public IReadOnlyList<(string Claim, string Node, DateTimeOffset ReclaimAt)> Calls => [.. _calls];

    public Task PrepareAsync(NodeClaim claim, NodeState node, DateTimeOffset reclaimAt, CancellationToken cancellationToken)
    {
        _calls.Enqueue((claim.Name, node.Node.Name, reclaimAt));
        return Task.CompletedTask;
    }
}
