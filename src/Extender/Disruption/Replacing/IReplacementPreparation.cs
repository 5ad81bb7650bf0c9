using Extender.Core.Claims;
using Extender.Core.Cluster;

namespace Extender.Disruption.Replacing;

/// <summary>What interruption intake asks of reserve before evict (<see cref="ReplacementGate"/>), and all it needs to know of it.</summary>
internal interface IReplacementPreparation
{
    /// <summary>
    /// <paramref name="claim"/>'s instance goes at <paramref name="reclaimAt"/>: taint its node and hold room for its
    /// pods now; its drain, once requested, waits for that room until the deadline the reclaim leaves.
    /// </summary>
    Task PrepareAsync(NodeClaim claim, NodeState node, DateTimeOffset reclaimAt, CancellationToken cancellationToken);
}
