using Extender.Core.Catalog;
using Extender.Core.Resources;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>NodePools, their launchable instance types and DaemonSet overhead, and each pod group's fit with them.</summary>
internal sealed partial class PlanningRun
{
    private void BuildPools(List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        foreach (var pool in _model!.Pools)
        {
            // A DaemonSet whose requirements the NodePool could meet is taken to run on each node: its ports are never offered.
            var ports = _input.DaemonSetPods
                .Where(d => Tolerations.FirstUntolerated(pool.Pool.Taints, d.Tolerations) is null
                    && PodRequirements.Alternatives(d).Any(alt => pool.Requirements.Intersect(alt).FirstUnsatisfiable() is null))
                .SelectMany(d => d.HostPorts.Where(p => p.Port > 0))
                .ToList();
            _pools.Add(new PoolModel(pool, LimitsRemaining(pool.Pool, nodes, claims), ports));
        }
    }

    private long[]? LimitsRemaining(NodePool pool, List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        if (pool.Limits is null)
        {
            return null;
        }

        var remaining = _axes.Vector(pool.Limits);
        for (var i = 0; i < remaining.Length; i++)
        {
            if (!pool.Limits.Contains(_axes.Name(i)))
            {
                remaining[i] = long.MaxValue / 4;
            }
        }

        foreach (var node in nodes.Where(n => n.Node.Labels.TryGetValue(WellKnownLabels.NodePool, out var name) && name == pool.Name))
        {
            var type = node.Node.Labels.TryGetValue(WellKnownLabels.InstanceType, out var typeName) ? _input.Catalog.Find(typeName) : null;
            ResourceAxes.AddTo(remaining, _axes.LimitVector(type?.Capacity ?? node.Node.Allocatable), -1);
        }

        foreach (var claim in claims.Where(c => c.NodePool == pool.Name))
        {
            var type = _input.Catalog.Find(claim.InstanceType);
            ResourceAxes.AddTo(remaining, _axes.LimitVector(type?.Capacity ?? type?.Allocatable ?? claim.Allocatable), -1);
        }

        return remaining;
    }

    /// <summary>
    /// Which NodePools and types may take the group, relaxing its preferences as Karpenter's scheduler does
    /// (<c>preferences.go</c>): the heaviest preferred node affinity term is required at first, and while no NodePool
    /// can launch a node for the pod the heaviest left is dropped for the next; PreferNoSchedule taints are kept off
    /// (Karpenter's taint check counts every effect) until no preference is left, then tolerated. Required terms are
    /// all alternatives at once, which Karpenter reaches by dropping the first term at a time.
    /// Relaxation is decided here, once per group, against what the NodePools can launch; a group with topology
    /// constraints keeps the fits of every preferred term some NodePool meets (<see cref="PodGroup.PreferredFits"/>),
    /// as its spread or affinity may fail under one where Karpenter relaxes it on the retry and requires the next:
    /// each of its pods tries them in that order.
    /// </summary>
    private void ComputeFits(PodGroup group)
    {
        var topology = group.Spread.Count > 0 || group.Affinity.Count > 0 || group.AntiAffinity.Count > 0;
        foreach (var preference in group.Representative.PreferredNodeAffinity.OrderByDescending(p => p.Weight))
        {
            var wanted = RequirementSet.FromTerm(preference.Preference);
            group.Alternatives = [.. group.Required.Select(alt => alt.Intersect(wanted))];
            if (ComputeFitsOnce(group))
            {
                if (!topology)
                {
                    return;
                }

                group.PreferredFits.Add(group.Fits);
            }
        }

        group.Alternatives = group.Required;
        if (ComputeFitsOnce(group) || !_pools.Exists(p => p.Pool.Taints.Any(t => t.Effect == Tolerations.PreferNoSchedule)))
        {
            return;
        }

        group.ToleratesPreferNoSchedule = true;
        ComputeFitsOnce(group);
    }

    /// <summary>Computes the fits for the group's current alternatives and toleration; whether any NodePool fits.</summary>
    private bool ComputeFitsOnce(PodGroup group)
    {
        group.DomainMasks = new int[_keyValues.Count];
        group.Unfit = group.Unsupported ? group.Unfit : null;
        group.Fits = new GroupPoolFit?[_pools.Count];
        group.PoolReasons = new string?[_pools.Count];
        var reasons = new List<string>();
        foreach (var pool in _pools)
        {
            var combined = group.Alternatives.Select(alt => pool.Requirements.Intersect(alt)).ToList();
            if (Tolerations.FirstUntolerated(pool.Pool.Taints, group.Representative.Tolerations, preferNoSchedule: !group.ToleratesPreferNoSchedule) is { } taint)
            {
                reasons.Add($"NodePool {pool.Pool.Name}: the pod does not tolerate taint {taint}");

                // Spread counts domains regardless of taints (nodeTaintsPolicy: Ignore, the default).
                AddDomains(group, pool, combined);
                continue;
            }

            if (combined.All(c => c.FirstUnsatisfiable() is not null))
            {
                reasons.Add($"NodePool {pool.Pool.Name}: requirement {combined[0].FirstUnsatisfiable()} cannot be met");
                continue;
            }

            if (group.HostPorts.FirstOrDefault(w => pool.DaemonPorts.Any(d => NodePorts.Overlap(w, d))) is { } port)
            {
                reasons.Add($"NodePool {pool.Pool.Name}: host port {port.Port}/{port.Protocol} is taken by a DaemonSet on its nodes");

                // Domains come from what the NodePool could launch for the pod's node requirements; host ports play no part.
                AddDomains(group, pool, combined);
                continue;
            }

            // Most groups share their node requirements: each distinct set is evaluated against the catalog once and kept.
            group.Fits[pool.Index] = pool.Catalog.Fit(combined);
            if (group.Fits[pool.Index] is null)
            {
                reasons.Add(NeedsMissingSpot(combined)
                    ? $"NodePool {pool.Pool.Name}: spot offerings are unavailable: {_input.NoSpotReason ?? "the instance catalog offers no spot capacity"} (the pod needs {combined[0].Get(WellKnownLabels.CapacityType)})"
                    : $"NodePool {pool.Pool.Name}: no instance type matches {string.Join(" or ", combined)}");
            }
        }

        foreach (var pool in _pools.Where(p => group.Fits[p.Index] is null))
        {
            group.PoolReasons[pool.Index] = reasons.FirstOrDefault(r => r.StartsWith($"NodePool {pool.Pool.Name}:", StringComparison.Ordinal));
        }

        if (group.Fits.All(f => f is null))
        {
            group.Unfit ??= _pools.Count == 0 ? "no NodePool is defined" : string.Join("; ", reasons);
            return false;
        }

        return true;
    }

    /// <summary>Counts the domains the NodePool could offer the group as spread domains, though it cannot take the group.</summary>
    private void AddDomains(PodGroup group, PoolModel pool, List<RequirementSet> combined)
    {
        if (combined.Exists(c => c.FirstUnsatisfiable() is null) && pool.Catalog.Fit(combined) is { } fit)
        {
            AddPoolDomains(group, pool, fit);
        }
    }

    private readonly List<List<PodGroup>> _classes = [];

    private bool? _catalogHasSpot;

    /// <summary>Every alternative rules on-demand out, and the catalog has no spot offering at all.</summary>
    private bool NeedsMissingSpot(List<RequirementSet> combined)
    {
        _catalogHasSpot ??= _input.Catalog.InstanceTypes.Any(t => t.Offerings.Any(o => o.CapacityType == CapacityTypes.Spot));
        return !_catalogHasSpot.Value && combined.TrueForAll(c => c.Get(WellKnownLabels.CapacityType) is { } capacityType && !capacityType.Matches(CapacityTypes.OnDemand));
    }

    private void AssignFitClasses()
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in _groups)
        {
            var key = string.Join(",", group.Fits.Select(f => f?.Id ?? -1));
            if (!classes.TryGetValue(key, out var id))
            {
                id = classes.Count;
                classes.Add(key, id);
            }

            group.FitClass = id;
            if (id == _classes.Count)
            {
                _classes.Add([]);
            }

            _classes[id].Add(group);
        }
    }

    private static bool FixedBinAllows(PodGroup group, Bin bin)
    {
        ref var cached = ref group.FixedBinFit[bin.Index];
        if (cached == 0)
        {
            var ok = Tolerations.FirstUntolerated(bin.Taints, group.Representative.Tolerations) is null && MatchesLabels(group, bin);
            cached = ok ? (sbyte)1 : (sbyte)-1;
        }

        return cached > 0;
    }

    // kube-scheduler places a pod on any node that meets its required affinity: preferences only score.
    private static bool MatchesLabels(PodGroup group, Bin bin) => group.Required.Any(alt => alt.FirstViolatedBy(bin.Labels) is null);

    private ResourceList Describe(long[] vector) => _axes.ToList(vector);
}
