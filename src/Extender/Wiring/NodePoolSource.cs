using System.Runtime.CompilerServices;
using Extender.Core.Planning;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.NodeClasses;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>
/// The NodePools from the watch cache, mapped once per change of the cache rather than once per batch. A NodePool
/// that does not map (an invalid requirement, say) is left out and logged, never allowed to stop provisioning; one
/// whose EC2NodeClass is not ready is left out of <see cref="UsableAsync"/>, so no claim is created for it.
/// </summary>
internal sealed partial class NodePoolSource : INodePoolSource
{
    private readonly IObjectCache<NodePoolResource> _cache;
    private readonly IObjectCache<EC2NodeClass> _classes;
    private readonly NodeClassReadiness _readiness;

    // A pool with its class's kubelet settings, kept per pool object and class generation so that the planner is
    // handed the same NodePool object while neither changed (it keeps per-pool work keyed on it).
    private readonly ConditionalWeakTable<NodePool, Tuned> _tuned = [];
    private readonly ILogger<NodePoolSource> _logger;
    private IReadOnlyList<NodePool> _nodePools = [];

    // Written only by Refresh, which the cache calls on its watch thread one change at a time.
    private Dictionary<string, (string? Uid, long? Generation, string? Rebalance, NodePool Pool)> _specs = new(StringComparer.Ordinal);

    public NodePoolSource(IObjectCache<NodePoolResource> cache, IObjectCache<EC2NodeClass> classes, NodeClassReadiness readiness, ILogger<NodePoolSource> logger)
    {
        _cache = cache;
        _classes = classes;
        _readiness = readiness;
        _logger = logger;
        cache.Changed += Refresh;
        Refresh();
    }

    public IReadOnlyList<NodePool> NodePools => Volatile.Read(ref _nodePools);

    public async ValueTask<IReadOnlyList<NodePool>> UsableAsync(CancellationToken cancellationToken)
    {
        var pools = NodePools;
        var usable = new List<NodePool>(pools.Count);
        foreach (var pool in pools)
        {
            var nodeClass = ClaimFactory.NodeClassOf(pool);
            if ((await _readiness.GetAsync(nodeClass, cancellationToken)).IsReady)
            {
                usable.Add(WithKubelet(pool, nodeClass));
            }
        }

        return usable;
    }

    /// <summary>The pool with its EC2NodeClass's <c>spec.kubelet</c>, which the planner computes allocatable from.</summary>
    private NodePool WithKubelet(NodePool pool, string nodeClass)
    {
        if (_classes.Get(nodeClass) is not { } resource)
        {
            return pool;
        }

        var version = (resource.Metadata.Uid, resource.Metadata.Generation);
        if (_tuned.TryGetValue(pool, out var tuned) && tuned.Version == version)
        {
            return tuned.Pool;
        }

        // A spec that does not map never reaches here: its class is not ready.
        var kubelet = NodeClassSource.Map(resource).Kubelet;
        tuned = new Tuned(version, kubelet is null ? pool : pool with { Kubelet = kubelet });
        _tuned.AddOrUpdate(pool, tuned);
        return tuned.Pool;
    }

    /// <summary>
    /// Maps a NodePool again only when its spec changed (a new <c>generation</c>) or its rebalance annotation did (an
    /// annotation moves no generation): the status written back after every launch must not hand the planner new
    /// NodePool objects, which would make it rebuild what it keeps per NodePool.
    /// </summary>
    private void Refresh()
    {
        var mapped = new List<NodePool>();
        var specs = new Dictionary<string, (string? Uid, long? Generation, string? Rebalance, NodePool Pool)>(StringComparer.Ordinal);
        foreach (var resource in _cache.Items)
        {
            var name = resource.Metadata?.Name ?? "";
            var uid = resource.Metadata?.Uid;
            var generation = resource.Metadata?.Generation;
            var rebalance = NodePoolMapper.RebalanceAnnotation(resource);
            if (generation is not null && _specs.TryGetValue(name, out var known) && known.Uid == uid && known.Generation == generation && known.Rebalance == rebalance)
            {
                mapped.Add(known.Pool);
                specs[name] = known;
                continue;
            }

            try
            {
                var pool = NodePoolMapper.Map(resource);
                mapped.Add(pool);
                specs[name] = (uid, generation, rebalance, pool);
            }
            catch (FormatException e)
            {
                LogInvalid(name, e.Message);
            }
        }

        _specs = specs;
        Volatile.Write(ref _nodePools, mapped);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "NodePool {NodePool} is ignored: {Problem}")]
    private partial void LogInvalid(string nodePool, string problem);

    private sealed record Tuned((string? Uid, long? Generation) Version, NodePool Pool);
}
