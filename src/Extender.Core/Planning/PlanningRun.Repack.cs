using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>
/// Improvement before the final type choice: the new nodes carrying the least value per dollar are emptied when
/// every pod on them fits into room left on other new nodes. Only nodes of unconstrained pods are emptied, so no
/// topology count changes; the work is bounded by a fixed number of node checks per pod, never by a clock.
/// </summary>
internal sealed partial class PlanningRun
{
    /// <summary>Node checks allowed per pending pod for the whole improvement phase.</summary>
    private const int RepackChecksPerPod = 64;

    private void EmptyUnderusedNodes()
    {
        var budget = (long)RepackChecksPerPod * Math.Max(1, _input.Pods.Count);
        var groupOf = new Dictionary<Pod, PodGroup>(ReferenceEqualityComparer.Instance);
        var candidates = new List<(Bin Bin, double Rate)>();
        foreach (var bin in _bins)
        {
            if (bin.Kind == BinKind.New && bin.Placed.Count > 0 && bin.Groups.Keys.All(g => _groups[g].Free))
            {
                candidates.Add((bin, CarriedValue(bin) / bin.Price));
            }
        }

        candidates.Sort(static (a, b) => a.Rate != b.Rate ? a.Rate.CompareTo(b.Rate) : a.Bin.Index.CompareTo(b.Bin.Index));
        var moves = new List<(PodGroup Group, Bin Target)>();
        foreach (var (bin, _) in candidates)
        {
            if (budget <= 0)
            {
                return;
            }

            moves.Clear();
            if (TryPlanEmptying(bin, moves, ref budget) && Saves(bin, moves))
            {
                Empty(bin, moves, groupOf);
            }
            else
            {
                foreach (var (group, target) in moves)
                {
                    ResourceAxes.AddTo(target.Used, group.Demand, -1);
                }
            }
        }
    }

    /// <summary>
    /// Whether the targets, each on its cheapest fitting type, cost less more than the emptied node costs: room on a
    /// node launched larger than it needs is not free when the node would otherwise shrink.
    /// </summary>
    private bool Saves(Bin bin, List<(PodGroup Group, Bin Target)> moves)
    {
        var added = 0.0;
        var seen = new HashSet<Bin>();
        foreach (var (_, target) in moves)
        {
            if (!seen.Add(target))
            {
                continue;
            }

            var after = CheapestFittingPrice(target);
            foreach (var (group, other) in moves)
            {
                if (other == target)
                {
                    ResourceAxes.AddTo(target.Used, group.Demand, -1);
                }
            }

            added += after - CheapestFittingPrice(target);
            foreach (var (group, other) in moves)
            {
                if (other == target)
                {
                    ResourceAxes.AddTo(target.Used, group.Demand, 1);
                }
            }
        }

        return added < CheapestFittingPrice(bin) - 1e-9;
    }

    /// <summary>The price of the cheapest type every group on the bin allows that holds what it carries now.</summary>
    private double CheapestFittingPrice(Bin bin)
    {
        var pool = bin.Pool!;
        var fit = _groups[bin.Groups.Keys.First()].Fits[pool.Index]!;
        foreach (var t in fit.ByPrice)
        {
            var type = pool.Types[t];
            if ((type.ZoneMask & bin.ZoneMask) != 0 && FitsEmpty(bin.Used, type.PodCapacity) && AllGroupsAllow(bin, t))
            {
                return fit.MinPrice[t];
            }
        }

        return bin.Price;
    }

    private bool AllGroupsAllow(Bin bin, int type)
    {
        foreach (var id in bin.Groups.Keys)
        {
            if (!_groups[id].Fits[bin.Pool!.Index]!.Types[type])
            {
                return false;
            }
        }

        return KeepsTypeDomains(bin, type);
    }

    /// <summary>Reserves (in <see cref="Bin.Used"/>) a best-fit target for every pod on the bin, largest groups first.</summary>
    private bool TryPlanEmptying(Bin bin, List<(PodGroup Group, Bin Target)> moves, ref long budget)
    {
        foreach (var (id, count) in bin.Groups.OrderBy(g => g.Key))
        {
            var group = _groups[id];
            for (var n = 0; n < count; n++)
            {
                var target = BestFitTarget(group, bin, ref budget);
                if (target is null)
                {
                    return false;
                }

                ResourceAxes.AddTo(target.Used, group.Demand, 1);
                moves.Add((group, target));
            }
        }

        return true;
    }

    private Bin? BestFitTarget(PodGroup group, Bin source, ref long budget)
    {
        Bin? best = null;
        var bestSlack = double.MaxValue;
        for (var i = _fixedBins; i < _bins.Count; i++)
        {
            var bin = _bins[i];
            if (bin == source || bin.Placed.Count == 0 || Check(group, bin, honorSoft: true) != Verdict.Fits)
            {
                continue;
            }

            var slack = Slack(bin, group.Demand);
            if (slack < bestSlack)
            {
                best = bin;
                bestSlack = slack;
            }
        }

        budget -= _bins.Count - _fixedBins;
        return best;
    }

    /// <summary>Room a node would have left after taking <paramref name="demand"/>, as the sum of per-resource shares.</summary>
    private static double Slack(Bin bin, long[] demand)
    {
        var slack = 0.0;
        for (var i = 0; i < demand.Length; i++)
        {
            if (bin.Capacity[i] > 0)
            {
                slack += (double)(bin.Capacity[i] - bin.Used[i] - demand[i]) / bin.Capacity[i];
            }
        }

        return slack;
    }

    private static void Empty(Bin bin, List<(PodGroup Group, Bin Target)> moves, Dictionary<Pod, PodGroup> groupOf)
    {
        var targets = new Dictionary<int, Queue<Bin>>();
        foreach (var (group, target) in moves)
        {
            if (!targets.TryGetValue(group.Id, out var queue))
            {
                targets.Add(group.Id, queue = new Queue<Bin>());
                foreach (var pod in group.Pods)
                {
                    groupOf.TryAdd(pod, group);
                }
            }

            queue.Enqueue(target);
        }

        foreach (var pod in bin.Placed)
        {
            var group = groupOf[pod];
            var target = targets[group.Id].Dequeue();
            var fit = group.Fits[target.Pool!.Index]!;
            target.Placed.Add(pod);
            target.Groups[group.Id] = target.Groups.GetValueOrDefault(group.Id) + 1;
            target.ZoneMask &= fit.ZoneMask;
            target.CapacityTypeMask &= fit.CapacityTypeMask;
            NarrowOpenValues(target, fit);
        }

        bin.Pool!.Reserve(bin.Pool.Types[bin.TypeIndex].LimitCapacity, -1);
        bin.Placed.Clear();
        bin.Groups.Clear();
        Array.Clear(bin.Used);
        bin.Removed = true;
    }

    private double CarriedValue(Bin bin)
    {
        var value = 0.0;
        foreach (var (id, count) in bin.Groups)
        {
            value += count * StandaloneValue(_groups[id], bin.Pool!);
        }

        return value;
    }
}
