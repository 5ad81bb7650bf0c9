using Extender.Core.Planning;

namespace Extender.Provisioning.Ports;

/// <summary>The NodePools currently defined (from the NodePool watch).</summary>
public interface INodePoolSource
{
    IReadOnlyList<NodePool> NodePools { get; }

    /// <summary>
    /// The NodePools nodes may be launched from now: those whose NodeClass is ready. Answered from memory once each
    /// NodeClass is resolved; only a NodeClass never resolved before (new, or changed) is resolved while the caller waits.
    /// </summary>
    ValueTask<IReadOnlyList<NodePool>> UsableAsync(CancellationToken cancellationToken);
}
