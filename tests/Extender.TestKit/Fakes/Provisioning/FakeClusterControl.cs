using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.Disruption.Ports;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>Leadership, cache sync, NodePools (and which are not ready), DaemonSets and PodDisruptionBudgets as plain settable values.</summary>
public sealed class FakeClusterControl : ILeadership, ISyncStatus, INodePoolSource, IDaemonSetSource, IPodBudgetSource
{
    public bool IsLeader { get; set; } = true;

    public bool IsSynced { get; set; } = true;

    public IReadOnlyList<NodePool> NodePools { get; set; } = [];

    /// <summary>NodePools whose NodeClass is not ready: left out of <see cref="UsableAsync"/>.</summary>
    public ISet<string> NotReady { get; } = new HashSet<string>(StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<NodePool>> UsableAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<NodePool>>([.. NodePools.Where(p => !NotReady.Contains(p.Name))]);

    public IReadOnlyList<Pod> DaemonSetPods { get; set; } = [];

    public PodBudgets Current { get; set; } = PodBudgets.None;
}
