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

    /// <summary>Set to hold every preparation until it completes (a plan and its claims' writes take time).</summary>
    public Task Holding { get; set; } = Task.CompletedTask;

    public async Task PrepareAsync(NodeClaim claim, NodeState node, DateTimeOffset reclaimAt, CancellationToken cancellationToken)
    {
        _calls.Enqueue((claim.Name, node.Node.Name, reclaimAt));
        await Holding.WaitAsync(cancellationToken);
    }
}
