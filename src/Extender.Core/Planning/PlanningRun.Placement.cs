using Extender.Core.Cluster;
using Extender.Core.Scheduling;

namespace Extender.Core.Planning;

/// <summary>First packing: each group in order onto the first bin that takes it, else onto a new node of the best type.</summary>
internal sealed partial class PlanningRun
{
    private void PlaceAll()
    {
        var deferred = new List<(PodGroup Group, Pod Pod)>();
        foreach (var group in _groups)
        {
            // Fill may already have placed some of this group's pods onto nodes opened for an earlier group.
            while (group.Remaining > 0)
            {
                var pod = group.Pods[group.Handled];
                Bin? opened = null;
                if (group.Unsupported)
                {
                    _unschedulable.Add(new UnschedulablePod(pod, group.Unfit!));
                }
                else if (!TryPlace(group, pod, out opened))
                {
                    // Its affinity targets may be pods of this batch not placed yet.
                    if (group.Affinity.Count > 0)
                    {
                        deferred.Add((group, pod));
                    }
                    else
                    {
                        _unschedulable.Add(new UnschedulablePod(pod, Reason(group)));
                    }
                }

                group.Handled++;
                if (opened is not null && group.Free)
                {
                    Fill(opened, group);
                }
            }
        }

        RetryDeferred(deferred);
    }

    /// <summary>
    /// Pods with pod affinity that found no target on their turn are tried again while any of them gets placed, as
    /// kube-scheduler (and Karpenter's scheduler) retry a pod once others have been bound: the plan does not depend
    /// on whether a follower comes before its target in the input.
    /// </summary>
    private void RetryDeferred(List<(PodGroup Group, Pod Pod)> deferred)
    {
        var progress = true;
        while (progress && deferred.Count > 0)
        {
            progress = false;
            for (var i = 0; i < deferred.Count; i++)
            {
                var (group, pod) = deferred[i];
                group.Cursor = 0;
                if (TryPlace(group, pod, out _))
                {
                    deferred.RemoveAt(i--);
                    progress = true;
                }
            }
        }

        foreach (var (group, pod) in deferred)
        {
            _unschedulable.Add(new UnschedulablePod(pod, Reason(group)));
        }
    }

    /// <summary>
    /// Places the pod relaxing as Karpenter does (<c>preferences.go</c>): under each of its preferred node affinity
    /// terms, heaviest first, then without them honouring its soft spread, then without that.
    /// </summary>
    private bool TryPlace(PodGroup group, Pod pod, out Bin? opened)
    {
        foreach (var preferred in group.PreferredFits)
        {
            var (relaxed, cursor) = (group.Fits, group.Cursor);
            group.Fits = preferred;
            var placed = TryPlace(group, pod, honorSoft: true, out opened);

            // Bins the preference rules out may take the pod once relaxed: the cursor goes back to where it was.
            (group.Fits, group.Cursor) = (relaxed, cursor);
            if (placed)
            {
                return true;
            }
        }

        return TryPlace(group, pod, honorSoft: true, out opened)
            || (group.Spread.Any(s => !s.Hard) && TryPlace(group, pod, honorSoft: false, out opened));
    }

    private bool TryPlace(PodGroup group, Pod pod, bool honorSoft, out Bin? opened)
    {
        opened = null;
        var bin = FindBin(group, honorSoft) ?? (opened = OpenBin(group, honorSoft));
        if (bin is null)
        {
            return false;
        }

        // The check that accepted the bin chose the values of the keys the group needs.
        Place(group, pod, bin, _chosen);
        return true;
    }

    /// <summary>
    /// Packs a node just opened with the unconstrained pods of its class (same priority) whose shape best matches the
    /// room left (the dot-product rule of vector bin packing): pods of complementary shapes share a node instead of
    /// each size filling nodes of its own and leaving the same resource idle on all of them.
    /// </summary>
    private void Fill(Bin bin, PodGroup opener)
    {
        var peers = FreePeers(opener);
        while (true)
        {
            PodGroup? best = null;
            var bestScore = 0.0;
            foreach (var peer in peers)
            {
                if (peer.Remaining == 0 || !ResourceAxes.Fits(bin.Used, peer.Demand, bin.Capacity) || FitsFixedBin(peer) || !MeetsMinValues(bin.Pool!, bin, peer, null))
                {
                    continue;
                }

                var score = Alignment(peer.Demand, bin.Used, bin.Capacity);
                if (best is null || score > bestScore)
                {
                    best = peer;
                    bestScore = score;
                }
            }

            if (best is null)
            {
                return;
            }

            Place(best, best.Pods[best.Handled], bin, null);
            best.Handled++;
        }
    }

    /// <summary>
    /// Whether an existing node or in-flight claim still has room for a pod of the unconstrained group: such pods go
    /// there, not onto a node being filled. Free groups see only fits or never-fits, so the cursor only advances.
    /// </summary>
    private bool FitsFixedBin(PodGroup group)
    {
        for (; group.FixedCursor < _fixedBins; group.FixedCursor++)
        {
            if (Check(group, _bins[group.FixedCursor], honorSoft: true) == Verdict.Fits)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The unconstrained groups of the group's class and priority (itself included), the candidates for filling its nodes.</summary>
    private List<PodGroup> FreePeers(PodGroup group) =>
        group.FreePeers ??= _classes[group.FitClass].FindAll(p => p.Free && p.Representative.Priority == group.Representative.Priority);

    private static double Alignment(long[] demand, long[] used, long[] capacity)
    {
        var score = 0.0;
        for (var i = 0; i < demand.Length; i++)
        {
            if (capacity[i] > 0)
            {
                var c = (double)capacity[i];
                var r = (capacity[i] - used[i]) / c;
                score += demand[i] / c * r * r;
            }
        }

        return score;
    }

    private Bin? FindBin(PodGroup group, bool honorSoft)
    {
        var advancing = true;
        for (var i = group.Cursor; i < _bins.Count; i++)
        {
            var verdict = Check(group, _bins[i], honorSoft);
            if (verdict == Verdict.Fits)
            {
                return _bins[i];
            }

            if (advancing && verdict == Verdict.NeverFits)
            {
                group.Cursor = i + 1;
            }
            else
            {
                advancing = false;
            }
        }

        return null;
    }

    private Verdict Check(PodGroup group, Bin bin, bool honorSoft)
    {
        if (bin.Removed)
        {
            return Verdict.NeverFits;
        }

        if (bin.Kind == BinKind.New)
        {
            var fit = group.Fits[bin.Pool!.Index];
            if (fit is null || !fit.Types[bin.TypeIndex] || OfferedZones(bin, fit) == 0 || !OpenValuesMeet(bin, fit))
            {
                return Verdict.NeverFits;
            }
        }
        else if (!FixedBinAllows(group, bin))
        {
            return Verdict.NeverFits;
        }

        if (!ResourceAxes.Fits(bin.Used, group.Demand, bin.Capacity) || PortTaken(group, bin))
        {
            return Verdict.NeverFits;
        }

        var hostname = CheckHostname(group, bin, honorSoft);
        if (hostname != Verdict.Fits)
        {
            return hostname;
        }

        if (group.NeedsKeys != 0 && !ChooseDomains(group, bin, honorSoft))
        {
            return Verdict.NotNow;
        }

        return bin.Kind != BinKind.New || MeetsMinValues(bin.Pool!, bin, group, group.NeedsKeys != 0 ? _chosen : null) ? Verdict.Fits : Verdict.NotNow;
    }

    private Verdict CheckHostname(PodGroup group, Bin bin, bool honorSoft)
    {
        foreach (var term in group.AntiAffinity)
        {
            if (term.Hostname && bin.TermCounts[term.Id] > 0)
            {
                return Verdict.NeverFits;
            }
        }

        foreach (var term in group.RepelledBy)
        {
            if (term.Hostname && bin.HolderCounts[term.Id] > 0)
            {
                return Verdict.NeverFits;
            }
        }

        foreach (var rule in group.Spread)
        {
            if (rule.Term.Hostname && (rule.Hard || honorSoft) && bin.TermCounts[rule.Term.Id] + (rule.SelectsSelf ? 1 : 0) > rule.MaxSkew)
            {
                return rule.Hard ? Verdict.NeverFits : Verdict.NotNow;
            }
        }

        foreach (var term in group.Affinity)
        {
            if (term.Hostname && bin.TermCounts[term.Id] == 0 && !(_totals[term.Id] == 0 && group.SelectsSelf(term)))
            {
                return Verdict.NotNow;
            }
        }

        return Verdict.Fits;
    }

    /// <summary>
    /// Zones in which the bin's type still has an offering that both the bin's pods so far and a pod of
    /// <paramref name="fit"/> accept (zone and capacity type together): a zone outside them would leave the node
    /// with nothing to launch.
    /// </summary>
    private static int OfferedZones(Bin bin, GroupPoolFit fit)
    {
        var type = bin.Pool!.Types[bin.TypeIndex];
        var zones = bin.ZoneMask & fit.ZoneMask;
        var capacityTypes = bin.CapacityTypeMask & fit.CapacityTypeMask;
        var offered = 0;
        for (var o = 0; o < type.Offerings.Length; o++)
        {
            var zone = 1 << type.OfferingZones[o];
            if ((zones & zone) != 0 && (capacityTypes & PoolCatalog.CapacityTypeBit(type.Offerings[o].CapacityType)) != 0)
            {
                offered |= zone;
            }
        }

        return offered;
    }

    /// <summary>Places the pod; <paramref name="domains"/>: per key, the value the node takes if it has none yet (-1: none).</summary>
    private void Place(PodGroup group, Pod pod, Bin bin, int[]? domains)
    {
        for (var k = 0; domains is not null && group.NeedsKeys != 0 && k < domains.Length; k++)
        {
            if ((group.NeedsKeys & (1 << k)) != 0 && bin.Domains[k] < 0 && domains[k] >= 0)
            {
                FixDomain(bin, k, domains[k]);
            }
            else if ((group.NeedsKeys & _typeKeys & (1 << k)) != 0 && bin.Domains[k] < 0 && bin.Kind == BinKind.New)
            {
                bin.TypeKeysAbsent |= 1 << k;
            }
        }

        ResourceAxes.AddTo(bin.Used, group.Demand, 1);
        bin.Placed.Add(pod);
        bin.Ports.AddRange(group.HostPorts);
        bin.Groups[group.Id] = bin.Groups.GetValueOrDefault(group.Id) + 1;
        foreach (var term in group.SelectedBy)
        {
            Count(bin, term, 1);
        }

        for (var i = 0; i < group.HeldAntiAffinity; i++)
        {
            Hold(bin, group.AntiAffinity[i], 1);
        }

        if (bin.Kind == BinKind.New)
        {
            var fit = group.Fits[bin.Pool!.Index]!;
            bin.ZoneMask &= fit.ZoneMask;
            bin.CapacityTypeMask &= fit.CapacityTypeMask;
            bin.HostnameBound |= group.HostnameBound;
            NarrowOpenValues(bin, fit);
        }
    }

    /// <summary>
    /// Whether a node with the group's pod added still has,
    /// among the types that carry all its pods, at least <c>minValues</c> distinct values of each key the NodePool asks
    /// it of; types without the label give no value. Karpenter keeps this true while it packs a NodeClaim, so a pod
    /// that would break it goes elsewhere instead of being dropped afterwards.
    /// </summary>
    private bool MeetsMinValues(PoolModel pool, Bin bin, PodGroup group, int[]? domains)
    {
        if (!pool.HasMinValues)
        {
            return true;
        }

        var fit = group.Fits[pool.Index]!;
        var used = (long[])group.Demand.Clone();
        ResourceAxes.AddTo(used, bin.Used, 1);
        var zones = fit.ZoneMask & bin.ZoneMask & (domains?[TermRegistry.ZoneKey] is >= 0 and var zone ? 1 << zone : -1);
        var capacityTypes = fit.CapacityTypeMask & bin.CapacityTypeMask & (_capacityTypeKey is var c and > 0 && domains?[c] is >= 0 and var v ? PoolCatalog.CapacityTypeBit(_keyValues[c][v]) : -1);
        return MinValuesGap(pool, fit, used, zones, capacityTypes, t => AllGroupsAllow(bin, t) && KeepsChosenTypeDomains(bin, domains, t)) is null;
    }

    /// <summary>
    /// Why types of <paramref name="fit"/> that hold <paramref name="used"/> in <paramref name="zones"/> cannot give the
    /// NodePool's minValues (a type without the label gives no value); null when they can.
    /// </summary>
    private string? MinValuesGap(PoolModel pool, GroupPoolFit fit, long[] used, int zones, int capacityTypes, Func<int, bool> allowed)
    {
        foreach (var requirement in pool.Requirements.All)
        {
            if (requirement.MinValues is not { } wanted || wanted <= 0)
            {
                continue;
            }

            // The options a launch may use are capped (EC2 Fleet overrides); Karpenter fails a NodeClaim whose
            // truncated options no longer meet minValues.
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in fit.ByPrice)
            {
                var type = pool.Types[t];
                if (Offered(type, zones, capacityTypes) && FitsEmpty(used, type.PodCapacity) && allowed(t)
                    && type.Type.Labels.TryGetValue(requirement.Key, out var value) && values.Add(value) && values.Count >= wanted)
                {
                    break;
                }
            }

            if (values.Count < wanted || wanted > _input.Options.MaxInstanceTypeOptions)
            {
                return $"NodePool {pool.Pool.Name} requires minValues {wanted} for {requirement.Key}, but the instance types that fit the pod have {values.Count} "
                    + (wanted > _input.Options.MaxInstanceTypeOptions ? $"and a launch carries at most {_input.Options.MaxInstanceTypeOptions} options" : "distinct values");
            }
        }

        return null;
    }

    private static bool Offered(PoolType type, int zones, int capacityTypes)
    {
        for (var o = 0; o < type.Offerings.Length; o++)
        {
            if ((zones & (1 << type.OfferingZones[o])) != 0 && (capacityTypes & PoolCatalog.CapacityTypeBit(type.Offerings[o].CapacityType)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The NodePorts filter on a bin: a host port of the group is taken on it.</summary>
    private static bool PortTaken(PodGroup group, Bin bin)
    {
        foreach (var wanted in group.HostPorts)
        {
            foreach (var used in bin.Ports)
            {
                if (NodePorts.Overlap(wanted, used))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the node can still take one value of each open key that its pods and the new one all accept.</summary>
    private static bool OpenValuesMeet(Bin bin, GroupPoolFit fit)
    {
        for (var k = 0; k < fit.OpenValues.Length; k++)
        {
            if (fit.OpenValues[k] is { } wanted && bin.OpenValues.Length > k && bin.OpenValues[k] is { } held && !held.Intersect(wanted, StringComparer.Ordinal).Any())
            {
                return false;
            }
        }

        return true;
    }

    private static void NarrowOpenValues(Bin bin, GroupPoolFit fit)
    {
        if (fit.OpenValues.Length == 0)
        {
            return;
        }

        if (bin.OpenValues.Length == 0)
        {
            bin.OpenValues = new string[]?[fit.OpenValues.Length];
        }

        for (var k = 0; k < fit.OpenValues.Length; k++)
        {
            if (fit.OpenValues[k] is { } wanted)
            {
                bin.OpenValues[k] = bin.OpenValues[k] is { } held ? [.. held.Intersect(wanted, StringComparer.Ordinal)] : wanted;
            }
        }
    }
}
