using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Core.Consolidation;

/// <summary>
/// One consolidation pass: the candidates, then multi-node moves (a binary search for the longest run of candidates
/// that consolidates, repeated on what is left), then single-node moves. The room each taken move uses is taken out
/// before the next is planned.
/// </summary>
internal sealed class ConsolidationSearch
{
    private readonly ConsolidationInput _input;
    private readonly DisruptionInput _disruption;
    private readonly PlanInput _template;
    private readonly Dictionary<string, NodeClaim> _claimsByNode = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Pod>> _added = new(StringComparer.Ordinal);
    private readonly List<ConsolidationMove> _moves = [];
    private readonly Dictionary<string, (decimal Cost, double Disruption)> _poolTotals = new(StringComparer.Ordinal);
    private readonly bool _slim;
    private readonly ReplacementBound _bound;

    // The registered nodes that may receive displaced pods, in the template's order, as the next plan sees them: with
    // the pods earlier moves put there (slim: their room net of them), null once a move removed them. Kept up to date
    // by Take, so that a plan's input is not rebuilt node by node for every candidate.
    private readonly List<ExistingNode?> _rooms;
    private readonly Dictionary<string, int> _roomIndex = new(StringComparer.Ordinal);
    private readonly (long Cpu, long Memory)[] _free;
    private int _plannerRuns;

    public ConsolidationSearch(ConsolidationInput input)
    {
        _input = input;
        _disruption = input.Disruption;
        _template = input.Planning;
        foreach (var claim in _disruption.Claims)
        {
            if (claim.Status.NodeName is { } node)
            {
                _claimsByNode[node] = claim;
            }
        }

        _slim = _template.Pods.Concat(_template.Nodes.SelectMany(n => n.Pods)).All(Independent);
        if (_slim)
        {
            _template = _template with { Nodes = [.. _template.Nodes.Select(n => new ExistingNode(n.Node with { Allocatable = n.Node.Allocatable.Subtract(Sum(n.Pods)) }, []))] };
        }

        _bound = new ReplacementBound(_template);
        _rooms = [.. _template.Nodes.Where(n => IsDestination(n.Node))];
        _free = new (long Cpu, long Memory)[_rooms.Count];
        for (var i = 0; i < _rooms.Count; i++)
        {
            _roomIndex[_rooms[i]!.Node.Name] = i;
            SetFree(i);
        }

        foreach (var claim in _template.InFlight)
        {
            _bound.Set(claim.Name, claim.Allocatable);
        }
    }

    public ConsolidationPlan Run()
    {
        var candidates = Budgeted(Candidates());
        var count = candidates.Count;

        // Single nodes first (Karpenter searches multi-node moves first, but allows them one replacement; with
        // several, the longest run that saves anything can reshuffle many nodes for what one delete saves), then
        // multi-node moves over what is left, repeated while they find one.
        foreach (var candidate in candidates)
        {
            if (Movable(candidate) && MayPay(candidate) && Evaluate([candidate]) is { } move)
            {
                Take(move);
            }
        }

        candidates.RemoveAll(c => !Movable(c));
        while (candidates.Count >= 2 && FirstN(candidates) is { } move)
        {
            Take(move);
            candidates.RemoveAll(c => !Movable(c));
        }

        return new ConsolidationPlan(_moves, count, _plannerRuns);
    }

    public IReadOnlyList<ConsolidationMove> Confirm(IReadOnlyList<ConsolidationMove> moves)
    {
        var candidates = Candidates().ToDictionary(c => c.Claim.Name, StringComparer.Ordinal);
        foreach (var decided in moves)
        {
            var now = decided.Candidates.Select(c => candidates.GetValueOrDefault(c.Name)).OfType<Candidate>().ToList();
            if (now.Count != decided.Candidates.Count || !now.TrueForAll(Movable)
                || Evaluate(now) is not { } move
                || move.IsDelete != decided.IsDelete
                || move.ReplacementsWorstPricePerHour > decided.ReplacementsWorstPricePerHour)
            {
                continue;
            }

            Take(move);
        }

        return _moves;
    }

    /// <summary>
    /// False when the candidate's pods need more than the room left plus one new node cheaper than the candidate by the
    /// savings required (<see cref="ReplacementBound"/>): <see cref="Evaluate"/> would refuse it, so it is not planned.
    /// </summary>
    private bool MayPay(Candidate candidate) =>
        _bound.Cheapest(candidate.NodeName, candidate.Displaced) is { } cheapest
        && cheapest < candidate.Price - RequiredSavings(candidate.RescheduleCost);

    /// <summary>What a move must save, in $/h, for its disruption (<see cref="ConsolidationOptions.SavingsPerDisruption"/> per unit).</summary>
    private decimal RequiredSavings(double disruption) => _input.Options.SavingsPerDisruption * (decimal)disruption;

    /// <summary>Neither removed by a move taken nor holding pods a move put there.</summary>
    private bool Movable(Candidate candidate) => !_removed.Contains(candidate.NodeName) && !_added.ContainsKey(candidate.NodeName);

    /// <summary>Karpenter's candidates for <c>Underutilized</c>, most savings per unit of disruption first.</summary>
    private List<Candidate> Candidates()
    {
        var already = _input.AlreadyDisrupting.Select(d => d.Claim.Name).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<Candidate>();
        foreach (var claim in _disruption.Claims)
        {
            if (claim.Deleting || !claim.IsInitialized || already.Contains(claim.Name) || claim.Status.NodeName is not { } nodeName
                || _disruption.Cluster.FindNode(nodeName) is not { Node.DeletedAt: null } node
                || !_disruption.Pools.TryGetValue(claim.NodePool, out var pool)
                || !pool.Disruption.ConsolidatesUnderutilized
                || Disruptions.IsEmpty(node)
                || !Settled(nodeName, pool.Disruption.ConsolidateAfter)
                || _disruption.HoldsReservations(claim)
                || Disruptions.Protection(node, _disruption) is not null
                || PriceOf(claim) is not { } price)
            {
                continue;
            }

            var displaced = Displaced(node);
            candidates.Add(new Candidate(claim, node, pool, price, displaced, EvictionCost.Reschedule(displaced)));
        }

        return
        [
            .. candidates
                .OrderByDescending(c => c.SavingsRatio)
                .ThenBy(c => c.Claim.CreatedAt)
                .ThenBy(c => c.Claim.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>Pods that must move: not DaemonSet, static, finished or already leaving.</summary>
    private static List<Pod> Displaced(NodeState node) =>
        [.. node.Pods.Where(p => !p.IsFinished && !p.Terminating && p.OwnerKind is not ("DaemonSet" or "Node"))];

    /// <summary>As Karpenter does, drops in order the candidates each pool's <c>Underutilized</c> budget cannot take now.</summary>
    private List<Candidate> Budgeted(List<Candidate> candidates)
    {
        var allowed = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var pool = candidate.Pool;
            if (!allowed.TryGetValue(pool.Name, out var left))
            {
                var (nodes, disrupting) = Disruptions.Counts(_disruption, pool.Name, _input.AlreadyDisrupting);
                left = DisruptionBudget.AllowedFor(pool.Disruption.Budgets, DisruptionReasons.Underutilized, nodes, disrupting, _disruption.Now,
                    Disruptions.StartedWith(_disruption, pool.Name, _input.AlreadyDisrupting));
            }

            if (left > 0)
            {
                kept.Add(candidate);
                left--;
            }

            allowed[pool.Name] = left;
        }

        return kept;
    }

    /// <summary>
    /// Karpenter's multi-node search: the longest run from the first candidate that consolidates (at least two
    /// nodes). Karpenter bisects the first 100 candidates, starting at half of them; this run is not capped, and is
    /// found by doubling from two before bisecting, so that a fleet where nodes do not merge costs two small plans,
    /// and the plans grow only as far as moves keep being found.
    /// </summary>
    private ConsolidationMove? FirstN(List<Candidate> candidates)
    {
        ConsolidationMove? best = null;
        var valid = 1;
        var invalid = candidates.Count + 1;
        var failures = 0;
        for (var size = 2; size <= candidates.Count && failures < 2; size = size == candidates.Count ? size + 1 : Math.Min(size * 2, candidates.Count))
        {
            // Two nodes may not merge where four do (two half-full nodes need one of twice the price): a run stops at
            // the second failure in a row, not the first.
            if (Evaluate(candidates[..size]) is { } move)
            {
                (best, valid, invalid, failures) = (move, size, candidates.Count + 1, 0);
            }
            else
            {
                invalid = Math.Min(invalid, size);
                failures++;
            }
        }

        if (best is null)
        {
            return null;
        }

        while (invalid - valid > 1)
        {
            var mid = (valid + invalid) / 2;
            if (Evaluate(candidates[..mid]) is { } move)
            {
                (best, valid) = (move, mid);
            }
            else
            {
                invalid = mid;
            }
        }

        return best;
    }

    /// <summary>Plans the candidates' pods on the room left plus new nodes; the move, or null when it places not all of them or saves too little.</summary>
    private ConsolidationMove? Evaluate(List<Candidate> set)
    {
        _plannerRuns++;
        var leaving = set.Select(c => c.NodeName).ToHashSet(StringComparer.Ordinal);
        var displaced = set.SelectMany(c => c.Displaced).ToList();
        var uids = displaced.Select(p => p.Uid).ToHashSet(StringComparer.Ordinal);
        var plan = Planner.Plan(_template with
        {
            Pods = [.. _template.Pods, .. displaced],
            Nodes = Destinations(leaving, [.. _template.Pods, .. displaced]),
            InFlight = [.. _template.InFlight.Select(WithAdded)],
        });
        if (plan.Unschedulable.Any(u => uids.Contains(u.Pod.Uid)))
        {
            return null;
        }

        var price = set.Sum(c => c.Price);
        var disruption = set.Sum(c => c.RescheduleCost);
        var required = RequiredSavings(disruption);
        // Every new node counts, also one only pending pods use: they would otherwise have had the room the move takes.
        var replacements = plan.NewNodes.ToList();

        // Karpenter turns one node into at most one; several must become fewer, or the move only reshuffles them.
        if (replacements.Count > Math.Max(1, set.Count - 1))
        {
            return null;
        }

        if (Priced(set, replacements, price - required) is not { } priced)
        {
            return null;
        }

        var placements = plan.ExistingNodes.Concat(plan.InFlight)
            .Select(p => new Placement(p.Name, [.. p.Pods.Where(pod => uids.Contains(pod.Uid))]))
            .Where(p => p.Pods.Count > 0)
            .ToList();
        var move = new ConsolidationMove([.. set.Select(c => c.Claim)], priced.Replacements, placements, displaced, price, priced.Worst, disruption);
        return Balanced(set, move) ? move : null;
    }

    /// <summary>
    /// The replacements with their instance type options cut so that, whichever option each launches, together they
    /// cost less than <paramref name="budget"/> (Karpenter: every option strictly cheaper than the candidates, for its
    /// single replacement); null when that leaves a replacement without options.
    /// </summary>
    private (List<PlannedNode> Replacements, decimal Worst)? Priced(List<Candidate> set, List<PlannedNode> replacements, decimal budget)
    {
        var slack = budget - replacements.Sum(r => r.PricePerHour);
        if (slack <= 0)
        {
            return null;
        }

        // Karpenter's filterOutSameInstanceType: replacing several nodes with one of a type being removed must be
        // cheaper than that node, or deleting the others alone disrupts less.
        // With several replacements the planner's choice among equal-cost types is its own, so the rule applies to
        // Karpenter's case only.
        var removedTypes = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (set.Count > 1 && replacements.Count == 1)
        {
            foreach (var candidate in set.Where(c => c.InstanceType is not null))
            {
                removedTypes[candidate.InstanceType!] = Math.Min(removedTypes.GetValueOrDefault(candidate.InstanceType!, decimal.MaxValue), candidate.Price);
            }
        }

        var allSpot = set.All(c => c.CapacityType == CapacityTypes.Spot);
        var kept = new List<PlannedNode>(replacements.Count);
        var worst = 0m;
        foreach (var replacement in replacements)
        {
            var cap = replacement.PricePerHour + (slack / replacements.Count);
            var options = replacement.InstanceTypeOptions
                .Select(name => (Name: name, Price: OfferingPrice(name, replacement.Zone, replacement.CapacityType, availableOnly: true)))
                .Where(o => o.Price is { } p && p < cap)
                .Select(o => (o.Name, Price: o.Price!.Value))
                .ToList();
            var sameTypeCap = options.Where(o => removedTypes.ContainsKey(o.Name)).Select(o => removedTypes[o.Name]).DefaultIfEmpty(decimal.MaxValue).Min();
            options = [.. options.Where(o => o.Price < sameTypeCap).OrderBy(o => o.Price).ThenBy(o => o.Name, StringComparer.Ordinal)];
            if (allSpot && replacement.CapacityType == CapacityTypes.Spot)
            {
                // A single spot node is replaced only from the cheapest of many options, so that it does not land on
                // one it would consolidate again at once; several nodes need no minimum (Karpenter's rules).
                if (!_input.Options.SpotToSpot || (set.Count == 1 && options.Count < _input.Options.MinSpotToSpotOptions))
                {
                    return null;
                }

                options = [.. options.Take(Math.Max(_input.Options.MinSpotToSpotOptions, 1))];
            }

            if (options.Count == 0)
            {
                return null;
            }

            worst += options.Max(o => o.Price);
            kept.Add(replacement with
            {
                InstanceType = options[0].Name,
                PricePerHour = options[0].Price,
                InstanceTypeOptions = [.. options.Select(o => o.Name)],
            });
        }

        return (kept, worst);
    }

    /// <summary>
    /// Karpenter's <c>Balanced</c> policy, per pool of the move: the pool's share of the savings as a fraction of what
    /// the pool costs, over the move's disruption as a fraction of the pool's, must reach 1/k with k = 2.
    /// </summary>
    private bool Balanced(List<Candidate> set, ConsolidationMove move)
    {
        foreach (var group in set.GroupBy(c => c.Pool.Name))
        {
            var pool = group.First().Pool;
            if (pool.Disruption.ConsolidationPolicy != DisruptionSettings.Balanced)
            {
                continue;
            }

            var (cost, disruption) = PoolTotals(pool);
            var savings = move.SavingsPerHour * (move.CandidatesPricePerHour > 0 ? group.Sum(c => c.Price) / move.CandidatesPricePerHour : 1m);
            if (!BalancedScore.Approved((double)savings, group.Sum(c => c.RescheduleCost), (double)cost, disruption))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What a pool's nodes cost and the disruption of moving all their pods.</summary>
    private (decimal Cost, double Disruption) PoolTotals(NodePool pool)
    {
        if (!_poolTotals.TryGetValue(pool.Name, out var totals))
        {
            foreach (var claim in _disruption.Claims.Where(c => c.NodePool == pool.Name && c.IsInitialized && !c.Deleting))
            {
                if (claim.Status.NodeName is { } name && _disruption.Cluster.FindNode(name) is { } node)
                {
                    totals.Cost += PriceOf(claim) ?? 0;
                    totals.Disruption += EvictionCost.Reschedule(Displaced(node));
                }
            }

            _poolTotals[pool.Name] = totals;
        }

        return totals;
    }

    /// <summary>
    /// The destinations but <paramref name="leaving"/>, with the pods earlier moves put there. When every pod is
    /// independent, a node whose free CPU and memory hold no pod of <paramref name="batch"/> is left out: the planner
    /// could place nothing there, and preparing a thousand such nodes was most of a plan's time once the room ran low.
    /// </summary>
    private List<ExistingNode> Destinations(HashSet<string> leaving, IReadOnlyList<Pod> batch)
    {
        // Some pod asks for no more CPU and memory than the node has free: the negated requests dominate the room's.
        var shapes = _slim ? new Dominance(batch.Select(p => (-p.Requests[ResourceNames.Cpu], -p.Requests[ResourceNames.Memory]))) : null;
        var nodes = new List<ExistingNode>(_rooms.Count);
        for (var i = 0; i < _rooms.Count; i++)
        {
            if (_rooms[i] is { } room && !leaving.Contains(room.Node.Name) && (shapes is null || shapes.AnyAtLeast(-_free[i].Cpu, -_free[i].Memory)))
            {
                nodes.Add(room);
            }
        }

        return nodes;
    }

    /// <summary>Caches a destination's free CPU and memory and tells the bound its free room.</summary>
    private void SetFree(int index)
    {
        var room = _rooms[index]!;
        var free = room.Node.Allocatable.Subtract(Sum(room.Pods));
        _free[index] = (free[ResourceNames.Cpu], free[ResourceNames.Memory]);
        _bound.Set(room.Node.Name, free);
    }

    /// <summary>
    /// Not a node going away, nor one that received or lost pods within its pool's <c>consolidateAfter</c> (beyond
    /// Karpenter, which only keeps such nodes from being candidates): a fresh replacement is not filled up by the next
    /// move before its own pods have settled.
    /// </summary>
    private bool IsDestination(Node node)
    {
        if (node.DeletedAt is not null)
        {
            return false;
        }

        if (!_claimsByNode.TryGetValue(node.Name, out var claim))
        {
            return true;
        }

        return !claim.Deleting && (!_disruption.Pools.TryGetValue(claim.NodePool, out var pool) || Settled(node.Name, pool.Disruption.ConsolidateAfter));
    }

    private bool Settled(string nodeName, TimeSpan? consolidateAfter) =>
        consolidateAfter is not { } after || after <= TimeSpan.Zero || _disruption.Now - _disruption.LastPodChange(nodeName) >= after;

    private InFlightClaim WithAdded(InFlightClaim claim)
    {
        if (!_added.TryGetValue(claim.Name, out var added))
        {
            return claim;
        }

        return claim with { Allocatable = claim.Allocatable.Subtract(Sum(added)), ReservedPods = [.. claim.ReservedPods, .. added] };
    }

    private static ResourceList Sum(IEnumerable<Pod> pods) =>
        pods.Where(p => !p.IsFinished).Aggregate(ResourceList.Empty, (sum, pod) => sum.Add(pod.Requests));

    /// <summary>
    /// A pod that constrains or is constrained by no other pod (no pod affinity, anti-affinity, topology spread or
    /// host port). When every pod is, a node's bound pods matter to the planner only by what they request, so each
    /// destination is passed as its free room alone: a plan then reads a thousand nodes, not thirty thousand pods.
    /// </summary>
    private static bool Independent(Pod pod) =>
        pod.RequiredPodAffinity.Count == 0 && pod.RequiredPodAntiAffinity.Count == 0 && pod.TopologySpread.Count == 0 && pod.HostPorts.Count == 0;

    private void Take(ConsolidationMove move)
    {
        _moves.Add(move);
        foreach (var claim in move.Candidates)
        {
            var name = claim.Status.NodeName!;
            _removed.Add(name);
            _bound.Set(name, null);
            if (_roomIndex.TryGetValue(name, out var index))
            {
                _rooms[index] = null;
            }
        }

        foreach (var placement in move.Placements)
        {
            if (!_added.TryGetValue(placement.Name, out var pods))
            {
                _added[placement.Name] = pods = [];
            }

            pods.AddRange(placement.Pods);
            if (_roomIndex.TryGetValue(placement.Name, out var index) && _rooms[index] is { } room)
            {
                _rooms[index] = _slim
                    ? room with { Node = room.Node with { Allocatable = room.Node.Allocatable.Subtract(Sum(placement.Pods)) } }
                    : room with { Pods = [.. room.Pods, .. placement.Pods] };
                SetFree(index);
            }
            else if (_template.InFlight.FirstOrDefault(c => c.Name == placement.Name) is { } claim)
            {
                _bound.Set(claim.Name, WithAdded(claim).Allocatable);
            }
        }
    }

    /// <summary>What the claim's instance costs: as launched, else its offering in the catalog.</summary>
    private decimal? PriceOf(NodeClaim claim) =>
        claim.Status.PricePerHour ?? (claim.Status is { InstanceType: { } type, Zone: { } zone, CapacityType: { } capacity }
            ? OfferingPrice(type, zone, capacity, availableOnly: false)
            : null);

    private decimal? OfferingPrice(string type, string zone, string capacityType, bool availableOnly) =>
        _template.Catalog.Find(type)?.Offerings.FirstOrDefault(o => o.Zone == zone && o.CapacityType == capacityType && (o.Available || !availableOnly))?.PricePerHour;
}
