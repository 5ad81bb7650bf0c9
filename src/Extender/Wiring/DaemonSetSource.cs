using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using Extender.Provisioning.Ports;
using k8s.Models;

namespace Extender.Wiring;

/// <summary>
/// The DaemonSets from the watch cache as one pod each, mapped from the template as the DaemonSet controller would
/// create it, less the node pin it adds. Read from the template rather than from running pods, as Karpenter does, so
/// that a DaemonSet counts before its first pod exists and with its node affinity (which the controller replaces on
/// its pods). A DaemonSet's status changes whenever a node joins; its pod is mapped again only when its spec changes
/// (<c>metadata.generation</c>), so that the list stays equal and the planner keeps what it derived for it. One that
/// does not map (a bad quantity, say) is logged once per generation and left out.
/// </summary>
internal sealed partial class DaemonSetSource : IDaemonSetSource
{
    private readonly IObjectCache<V1DaemonSet> _cache;
    private readonly ILogger<DaemonSetSource> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, (long? Generation, Pod? Pod)> _byUid = new(StringComparer.Ordinal);
    private IReadOnlyList<Pod> _pods = [];

    public DaemonSetSource(IObjectCache<V1DaemonSet> cache, ILogger<DaemonSetSource> logger)
    {
        _cache = cache;
        _logger = logger;
        cache.Changed += Refresh;
        Refresh();
    }

    public IReadOnlyList<Pod> DaemonSetPods => Volatile.Read(ref _pods);

    private void Refresh()
    {
        lock (_gate)
        {
            var byUid = new Dictionary<string, (long? Generation, Pod? Pod)>(StringComparer.Ordinal);
            foreach (var daemonSet in _cache.Items)
            {
                var meta = daemonSet.Metadata;
                var uid = meta?.Uid ?? $"{meta?.NamespaceProperty}/{meta?.Name}";
                var generation = meta?.Generation;
                byUid[uid] = generation is not null && _byUid.TryGetValue(uid, out var kept) && kept.Generation == generation
                    ? kept
                    : (generation, Map(daemonSet, uid));
            }

            _byUid = byUid;
            Volatile.Write(ref _pods, [.. byUid.Values.Select(v => v.Pod).OfType<Pod>()]);
        }
    }

    private Pod? Map(V1DaemonSet daemonSet, string uid)
    {
        var name = daemonSet.Metadata?.Name ?? "";
        if (daemonSet.Spec?.Template is not { } template)
        {
            LogInvalid(name, "spec.template is missing");
            return null;
        }

        try
        {
            return PodMapper.FromTemplate(template, daemonSet.Metadata?.NamespaceProperty ?? "default", name, uid) with { OwnerKind = "DaemonSet" };
        }
        catch (FormatException e)
        {
            LogInvalid(name, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "DaemonSet {DaemonSet} is not counted on new nodes: {Problem}")]
    private partial void LogInvalid(string daemonSet, string problem);
}
