using Extender.Core.Planning;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Leadership, cache sync and NodePools as plain settable values.</summary>
public sealed class FakeClusterControl : ILeadership, ISyncStatus, INodePoolSource
{
    public bool IsLeader { get; set; } = true;

    public bool IsSynced { get; set; } = true;

    public IReadOnlyList<NodePool> NodePools { get; set; } = [];
}
