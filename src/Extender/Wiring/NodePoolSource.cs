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
    private readonly NodeClassReadiness _readiness;
    private readonly ILogger<NodePoolSource> _logger;
    private IReadOnlyList<NodePool> _nodePools = [];

    public NodePoolSource(IObjectCache<NodePoolResource> cache, NodeClassReadiness readiness, ILogger<NodePoolSource> logger)
    {
        _cache = cache;
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
            if ((await _readiness.GetAsync(ClaimFactory.NodeClassOf(pool), cancellationToken)).IsReady)
            {
                usable.Add(pool);
            }
        }

        return usable;
    }

    private void Refresh()
    {
        var mapped = new List<NodePool>();
        foreach (var resource in _cache.Items)
        {
            try
            {
                mapped.Add(NodePoolMapper.Map(resource));
            }
            catch (FormatException e)
            {
                LogInvalid(resource.Metadata?.Name ?? "", e.Message);
            }
        }

        Volatile.Write(ref _nodePools, mapped);
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "NodePool {NodePool} is ignored: {Problem}")]
    private partial void LogInvalid(string nodePool, string problem);
}
