using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Consolidation;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.TestKit.Builders;

namespace Extender.TestKit.Consolidation;

/// <summary>
/// A running fleet for consolidation tests and benchmarks: initialized claims and their Ready nodes (named alike)
/// of one catalog's types, pods bound to them, pending pods, and when each node last gained or lost a pod (an hour
/// ago unless told).
/// </summary>
public sealed class FleetBuilder(InstanceCatalog catalog)
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<NodeClaim> _claims = [];
    private readonly List<Node> _nodes = [];
    private readonly List<Pod> _pods = [];
    private readonly List<Pod> _pending = [];
    private readonly Dictionary<string, NodePool> _pools = new(StringComparer.Ordinal) { ["default"] = Pool() };
    private readonly Dictionary<string, DateTimeOffset> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);

    /// <summary>A pool of every type in the catalog that consolidates underused nodes at once, with a budget of <paramref name="budget"/>.</summary>
    public static NodePool Pool(string name = "default", string policy = DisruptionSettings.WhenEmptyOrUnderutilized, string budget = "100%", TimeSpan? consolidateAfter = null) => new()
    {
        Name = name,
        Disruption = new DisruptionSettings(policy, consolidateAfter ?? TimeSpan.FromSeconds(30), [new DisruptionBudget { Nodes = budget }]),
    };

    public FleetBuilder WithPool(NodePool pool)
    {
        _pools[pool.Name] = pool;
        return this;
    }

    public FleetBuilder Node(string name, string type, string zone = "us-east-1a", string capacityType = CapacityTypes.OnDemand, string pool = "default", Func<Node, Node>? configure = null)
    {
        var instanceType = catalog.Find(type) ?? throw new ArgumentException($"no type {type} in the catalog", nameof(type));
        var labels = new Dictionary<string, string>(instanceType.Labels, StringComparer.Ordinal)
        {
            [WellKnownLabels.Zone] = zone,
            [WellKnownLabels.CapacityType] = capacityType,
            [WellKnownLabels.NodePool] = pool,
            [WellKnownLabels.Hostname] = name,
        };
        var node = new Node { Name = name, Labels = labels, Allocatable = instanceType.Allocatable, CreatedAt = Now.AddHours(-2) };
        _nodes.Add(configure?.Invoke(node) ?? node);
        _claims.Add(new NodeClaim
        {
            Name = name,
            NodePool = pool,
            NodeClass = "default",
            CreatedAt = Now.AddHours(-2).AddSeconds(_claims.Count),
            Status = new NodeClaimStatus
            {
                NodeName = name,
                InstanceType = type,
                Zone = zone,
                CapacityType = capacityType,
                PricePerHour = instanceType.Offerings.First(o => o.Zone == zone && o.CapacityType == capacityType).PricePerHour,
                Conditions = [new NodeClaimCondition(NodeClaimConditionTypes.Initialized, true, "Initialized", "", Now.AddHours(-2))],
            },
        });
        return this;
    }

    /// <summary>A running ReplicaSet pod bound to <paramref name="node"/>.</summary>
    public FleetBuilder Pod(string name, string node, string cpu, string memory = "1Gi", Func<PodBuilder, PodBuilder>? configure = null)
    {
        var builder = new PodBuilder(name).OnNode(node).Cpu(cpu).Memory(memory).Phase("Running").OwnedBy("ReplicaSet");
        _pods.Add((configure?.Invoke(builder) ?? builder).Build());
        return this;
    }

    public FleetBuilder Pending(Pod pod)
    {
        _pending.Add(pod);
        _pods.Add(pod);
        return this;
    }

    /// <summary>The node last gained or lost a pod at <paramref name="when"/>.</summary>
    public FleetBuilder Changed(string node, DateTimeOffset when)
    {
        _changed[node] = when;
        return this;
    }

    /// <summary>The claim holds capacity reserved for pending pods.</summary>
    public FleetBuilder Holding(string claim)
    {
        _holding.Add(claim);
        return this;
    }

    public ConsolidationInput Build(ConsolidationOptions? options = null, IReadOnlyList<DisruptionDecision>? already = null)
    {
        var state = new ClusterState();
        state.Replace(_nodes, _pods);
        var snapshot = state.Current;
        var disruption = new DisruptionInput(
            [.. _claims],
            snapshot,
            new Dictionary<string, NodePool>(_pools, StringComparer.Ordinal),
            claim => _holding.Contains(claim.Name),
            node => _changed.GetValueOrDefault(node, Now.AddHours(-1)),
            (_, _, _) => null,
            Now);
        var planning = new PlanInput
        {
            Pods = [.. _pending],
            Nodes = [.. snapshot.Nodes.Select(n => new ExistingNode(n.Node, n.Pods))],
            NodePools = [.. _pools.Values],
            Catalog = catalog,
        };
        return new ConsolidationInput(disruption, planning) { Options = options ?? new(), AlreadyDisrupting = already ?? [] };
    }
}
