using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>
/// Improvement for unconstrained pods: the new nodes that carry only free pods of one class are packed again from
/// scratch, and the result replaces them when it is cheaper. A small configuration LP (which node contents to buy,
/// fractionally, to cover every pod) is grown by column generation: its duals price each group, and the next column
/// is the node content (per type, by branch and bound) with the most dual value per dollar. The whole copies the LP
/// buys become nodes; the pods left over get node contents chosen by the same dual prices. The greedy first packing
/// fills each node for itself; this looks at how all of them share out cpu, memory and pod slots. Free pods carry no
/// topology counts, so moving them changes no constraint; the work is bounded by a step budget per pod, never a clock.
/// </summary>
internal sealed partial class PlanningRun
{
    /// <summary>Columns generated per group at most; each costs one pricing pass over the candidate types.</summary>
    private const int ColumnsPerGroup = 8;

    /// <summary>Steps (greedy fills and branch-and-bound nodes) per pod repacked, for the whole repack of a set.</summary>
    private const int SearchStepsPerPod = 100;

    /// <summary>
    /// Steps any set may use however few its pods: a small set is where whole nodes weigh most (one node too many is
    /// a large share of the cost), and its searches are short anyway.
    /// </summary>
    private const int MinimumSearchSteps = 50_000;

    /// <summary>
    /// Pods per node the per-pod steps are sized for. A set whose nodes hold more gets that many times the steps (up to
    /// <see cref="MaximumScaledSteps"/>): each content search there ranges over larger counts, and with few nodes a
    /// node too many is a large share of the cost (431 tiny pods on 4 nodes ran out of steps 4.5% above what the LP's
    /// own columns reach). The reference workload's sets hold 2 to 3 pods a node, so its budget does not change.
    /// </summary>
    private const int PodsPerNodeBudgeted = 4;

    /// <summary>The most steps the scaling by pods per node may give a set: tens of milliseconds.</summary>
    private const long MaximumScaledSteps = 1_000_000;

    /// <summary>
    /// Sets whose (pods left, node content) pairs number at most this are packed exactly (<see cref="PatternModel.Exact"/>):
    /// a few milliseconds at most, and the small sets are where a node more is a large share of the cost.
    /// </summary>
    private const long ExactPairs = 1_000_000;

    /// <summary>Simplex pivots per solve, per group (row) of the LP.</summary>
    private const int PivotsPerSolve = 20;

    private void RepackFreeNodes()
    {
        var sets = new SortedDictionary<(int Pool, int Class), List<Bin>>();
        foreach (var bin in _bins)
        {
            if (bin.Kind != BinKind.New || bin.Removed || bin.Placed.Count == 0 || !bin.Groups.Keys.All(g => _groups[g].Free))
            {
                continue;
            }

            var fitClass = _groups[bin.Groups.Keys.Min()].FitClass;
            if (bin.Groups.Keys.All(g => _groups[g].FitClass == fitClass))
            {
                var key = (bin.Pool!.Index, fitClass);
                if (!sets.TryGetValue(key, out var list))
                {
                    sets.Add(key, list = []);
                }

                list.Add(bin);
            }
        }

        // Node contents are chosen per type there, blind to minValues: a NodePool asking for it keeps its first packing.
        foreach (var ((pool, _), bins) in sets.Where(s => !_pools[s.Key.Pool].HasMinValues))
        {
            RepackFreeSet(_pools[pool], bins);
        }
    }

    private void RepackFreeSet(PoolModel pool, List<Bin> bins)
    {
        var groups = bins.SelectMany(b => b.Groups.Keys).Distinct().Order().Select(id => _groups[id]).ToList();
        var counts = groups.Select(g => bins.Sum(b => b.Groups.GetValueOrDefault(g.Id))).ToArray();
        var model = new PatternModel(pool, groups[0].Fits[pool.Index]!, groups, LimitsWithout(pool, bins), SearchBudget(counts.Sum(), bins.Count));
        if (groups.Select((_, g) => model.Single(g, counts[g])).Any(s => s.Count == 0))
        {
            return;
        }

        var pivots = PivotsPerSolve * groups.Count;
        var known = new List<int[]>();
        var floors = groups.Select(g => StandaloneValue(g, pool) * 1e-3).ToArray();
        CoverLp Relax(int[] remaining, bool generate)
        {
            // A group already placed keeps its single column (at zero) so every row has a feasible start.
            var lp = new CoverLp(remaining, groups.Select((_, g) => model.Single(g, Math.Max(1, remaining[g]))).ToList());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var column in known)
            {
                var capped = PatternModel.Capped(column, remaining);
                if (capped.Any(c => c > 0) && seen.Add(string.Join(',', capped)))
                {
                    lp.Add(capped, model.ColumnPrice(capped));
                }
            }

            var duals = lp.Solve(pivots);
            for (var column = 0; generate && column < ColumnsPerGroup * groups.Count; column++)
            {
                // A group the LP over-covers has a dual of zero: keep every price positive so its pods still count.
                var prices = duals.Select((d, g) => Math.Max(d, floors[g])).ToArray();
                if (model.Exhausted || model.BestContent(remaining, prices, out var rate) is not { } content || rate <= 1 + 1e-6)
                {
                    break;
                }

                known.Add(content);
                lp.Add(content, model.ColumnPrice(content));
                duals = lp.Solve(pivots);
            }

            return lp;
        }

        var patterns = model.Exact(counts, ExactPairs) ?? model.Pack(counts, Relax, floors);
        if (patterns is not null && patterns.Sum(p => p.Copies * model.Price(p.Type)) < bins.Sum(CheapestFittingPrice) - 1e-9)
        {
            Replace(pool, model.Fit, bins, groups, patterns);
        }
    }

    /// <summary>The repack's steps for a set of <paramref name="pods"/> on <paramref name="nodes"/> nodes.</summary>
    private static long SearchBudget(int pods, int nodes)
    {
        var perPod = SearchStepsPerPod * (long)pods;
        var scaled = Math.Min(MaximumScaledSteps, perPod * pods / Math.Max(1, nodes) / PodsPerNodeBudgeted);
        return Math.Max(MinimumSearchSteps, Math.Max(perPod, scaled));
    }

    /// <summary>What the NodePool's limits would leave if these bins were not launched; null without limits.</summary>
    private static long[]? LimitsWithout(PoolModel pool, List<Bin> bins)
    {
        if (pool.LimitsRemaining is null)
        {
            return null;
        }

        var left = (long[])pool.LimitsRemaining.Clone();
        foreach (var bin in bins)
        {
            ResourceAxes.AddTo(left, pool.Types[bin.TypeIndex].LimitCapacity, 1);
        }

        return left;
    }

    private void Replace(PoolModel pool, GroupPoolFit fit, List<Bin> bins, List<PodGroup> groups, List<NodePattern> patterns)
    {
        var moving = new HashSet<Pod>(ReferenceEqualityComparer.Instance);
        foreach (var bin in bins)
        {
            moving.UnionWith(bin.Placed);
            pool.Reserve(pool.Types[bin.TypeIndex].LimitCapacity, -1);
            bin.Placed.Clear();
            bin.Groups.Clear();
            Array.Clear(bin.Used);
            bin.Removed = true;
        }

        var queues = groups.Select(g => new Queue<Pod>(g.Pods.Where(moving.Contains))).ToArray();
        foreach (var pattern in patterns)
        {
            var type = pool.Types[pattern.Type];
            for (var copy = 0; copy < pattern.Copies; copy++)
            {
                var bin = new Bin(_bins.Count, BinKind.New, "", type.PodCapacity, _terms.Terms.Count, _terms.Keys.Count)
                {
                    Pool = pool,
                    TypeIndex = pattern.Type,
                    ZoneMask = type.ZoneMask & fit.ZoneMask,
                    CapacityTypeMask = fit.CapacityTypeMask,
                    Price = fit.MinPrice[pattern.Type],
                };
                pool.Reserve(type.LimitCapacity, 1);
                _bins.Add(bin);
                for (var g = 0; g < groups.Count; g++)
                {
                    for (var n = 0; n < pattern.Content[g]; n++)
                    {
                        Place(groups[g], queues[g].Dequeue(), bin, null);
                    }
                }
            }
        }
    }
}
