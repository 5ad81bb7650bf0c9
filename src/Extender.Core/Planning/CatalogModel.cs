using System.Runtime.CompilerServices;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>
/// What the planner derives from the catalog, the NodePools and the DaemonSets alone: resource axes, zones, the
/// largest allocatable per axis, and each NodePool's launchable types (<see cref="PoolCatalog"/>). The provisioner
/// plans batch after batch against the same catalog and NodePools; filtering ~800 types for every NodePool was most
/// of a small plan's time, so the model is kept with the (immutable) catalog and rebuilt only when the NodePools or
/// DaemonSets change.
/// </summary>
internal sealed class CatalogModel
{
    private const int MaxZones = 30;

    private static readonly ConditionalWeakTable<InstanceCatalog, StrongBox<CatalogModel?>> Kept = new();

    private readonly InstanceCatalog _catalog;
    private readonly string[] _zones;

    private CatalogModel(InstanceCatalog catalog, IReadOnlyList<NodePool> nodePools, IReadOnlyList<Pod> daemons, ResourceAxes axes, IEnumerable<string> zones)
    {
        _catalog = catalog;
        _zones = [.. zones];
        NodePools = nodePools;
        Daemons = daemons;
        Axes = axes;
        Maxima = new long[axes.Count];
        foreach (var type in catalog.InstanceTypes)
        {
            var vector = axes.Vector(type.Allocatable);
            for (var i = 0; i < Maxima.Length; i++)
            {
                Maxima[i] = Math.Max(Maxima[i], vector[i]);
            }
        }

        var ordered = nodePools.OrderByDescending(p => p.Weight).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        Pools = [.. ordered.Select((pool, index) => BuildPool(pool, index))];
    }

    public IReadOnlyList<NodePool> NodePools { get; }

    /// <summary>One pod per DaemonSet, in key order: each takes its requests from the room of every type it runs on.</summary>
    public IReadOnlyList<Pod> Daemons { get; }

    /// <summary>The catalog's resource names first; a one-off model (<see cref="For"/>) also has the plan's others.</summary>
    public ResourceAxes Axes { get; }

    public IReadOnlyList<string> Zones => _zones;

    /// <summary>The largest allocatable of any type, per axis: the yardstick for a pod's size.</summary>
    public long[] Maxima { get; }

    /// <summary>In planning order: highest weight first, then by name.</summary>
    public IReadOnlyList<PoolCatalog> Pools { get; }

    /// <summary>The model of the catalog's own axes and zones, kept for the next plan with the same NodePools and DaemonSets.</summary>
    public static CatalogModel Shared(InstanceCatalog catalog, IReadOnlyList<NodePool> nodePools, IReadOnlyList<Pod> daemons)
    {
        var kept = Kept.GetOrCreateValue(catalog);
        var model = Volatile.Read(ref kept.Value);
        if (model is not null && model.NodePools.SequenceEqual(nodePools) && model.Daemons.SequenceEqual(daemons))
        {
            return model;
        }

        var axes = new ResourceAxes();
        var zones = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in catalog.InstanceTypes)
        {
            axes.Register(type.Allocatable);
            axes.Register(type.Capacity ?? ResourceList.Empty);
            foreach (var offering in type.Offerings)
            {
                zones.Add(offering.Zone);
            }
        }

        model = new CatalogModel(catalog, nodePools, daemons, axes, zones.Take(MaxZones));
        Volatile.Write(ref kept.Value, model);
        return model;
    }

    /// <summary>
    /// The zones a plan works with: the catalog's and <paramref name="more"/> (from nodes and claims), in order, at
    /// most <see cref="MaxZones"/> (the masks are ints). The catalog's zones past the first 30 could not be among them.
    /// </summary>
    public List<string> ZonesWith(IEnumerable<string> more)
    {
        var zones = new SortedSet<string>(_zones, StringComparer.Ordinal);
        zones.UnionWith(more);
        return [.. zones.Take(MaxZones)];
    }

    /// <summary>
    /// This model when the plan's axes and zones are its own; otherwise (pods, nodes or claims brought a resource or
    /// zone no instance type has) a one-off model built for them.
    /// </summary>
    public CatalogModel For(ResourceAxes axes, IReadOnlyList<string> zones) =>
        axes.Count == Axes.Count && zones.SequenceEqual(Zones, StringComparer.Ordinal)
            ? this
            : new CatalogModel(_catalog, NodePools, Daemons, axes, zones);

    private PoolCatalog BuildPool(NodePool pool, int index)
    {
        var requirements = pool.Requirements
            .Intersect(RequirementSet.FromLabels(pool.Labels))
            .Intersect(RequirementSet.Of([Requirement.In(WellKnownLabels.NodePool, pool.Name)]));
        var types = new List<PoolType>();
        if (requirements.FirstUnsatisfiable() is null)
        {
            var catalog = _catalog.InstanceTypes;
            for (var i = 0; i < catalog.Count; i++)
            {
                if (BuildPoolType(pool, requirements, catalog[i], i) is { } poolType)
                {
                    types.Add(poolType);
                }
            }
        }

        return new PoolCatalog(pool, index, requirements, types);
    }

    private PoolType? BuildPoolType(NodePool pool, RequirementSet requirements, InstanceType type, int order)
    {
        if (!OfferingFilter.AllowsType(requirements, type))
        {
            return null;
        }

        var offerings = OfferingFilter.Offerings(requirements, type).Where(o => _zones.Contains(o.Zone)).ToArray();
        if (offerings.Length == 0)
        {
            return null;
        }

        var room = Axes.Vector(pool.Kubelet is { } kubelet ? KubeletAllocatable.For(type, kubelet) : type.Allocatable);
        foreach (var daemon in Daemons)
        {
            if (Tolerations.FirstUntolerated(pool.Taints, daemon.Tolerations) is null
                && PodRequirements.Alternatives(daemon).Any(alt => PoolCatalog.CompatibleWith(requirements.Intersect(alt), requirements, type)))
            {
                ResourceAxes.AddTo(room, Axes.Vector(daemon.Requests), -1);
            }
        }

        return new PoolType(type, order, room, Axes.LimitVector(type.Capacity ?? type.Allocatable), offerings,
            [.. offerings.Select(o => Array.IndexOf(_zones, o.Zone))]);
    }
}
