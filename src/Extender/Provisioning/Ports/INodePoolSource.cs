using Extender.Core.Planning;

namespace Extender.Provisioning.Ports;

/// <summary>The NodePools currently defined (from the NodePool watch).</summary>
public interface INodePoolSource
{
    IReadOnlyList<NodePool> NodePools { get; }
}
