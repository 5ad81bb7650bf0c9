using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Leadership, cache sync, NodePools and DaemonSets as plain settable values.</summary>
public sealed class FakeClusterControl : ILeadership, ISyncStatus, INodePoolSource, IDaemonSetSource
{
    public bool IsLeader { get; set; } = true;

    public bool IsSynced { get; set; } = true;

    public IReadOnlyList<NodePool> NodePools { get; set; } = [];

    public IReadOnlyList<Pod> DaemonSetPods { get; set; } = [];
}
