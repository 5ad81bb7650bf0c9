using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;

namespace Extender.Core.Disruption;

/// <summary>
/// The disruptions that need no packing decision, decided as Karpenter does. Expired claims go regardless of budgets
/// and annotations (the drain still honours PodDisruptionBudgets). Empty nodes (only DaemonSet, static and finished
/// pods, no capacity held for pending pods, past <c>consolidateAfter</c> since the last pod came or went) and
/// drifted nodes are candidates, unless a do-not-disrupt annotation on the node or one of its pods protects them, or
/// a PodDisruptionBudget would not let one of its pods go now (<see cref="PodBudgets"/>);
/// each NodePool's budgets then take the oldest candidates first, several at a time, empty before drifted.
/// </summary>
public static class Disruptions
{
    public static DisruptionPlan Decide(DisruptionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var disrupt = new List<DisruptionDecision>();
        var blocked = new List<DisruptionDecision>();
        var candidates = new List<DisruptionDecision>();
        foreach (var claim in input.Claims.OrderBy(c => c.CreatedAt).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            if (claim.Deleting || !claim.IsInitialized || claim.Status.NodeName is not { } nodeName
                || input.Cluster.FindNode(nodeName) is not { Node.DeletedAt: null } node || !input.Pools.TryGetValue(claim.NodePool, out var pool))
            {
                continue;
            }

            if (pool.ExpireAfter is { } lifetime && claim.CreatedAt + lifetime <= input.Now)
            {
                disrupt.Add(new DisruptionDecision(claim, DisruptionReasons.Expired, $"older than the NodePool's expireAfter ({lifetime})"));
                continue;
            }

            if (Candidate(claim, node, pool, input) is not { } candidate)
            {
                continue;
            }

            if (Protection(node, input) is { } protection)
            {
                blocked.Add(candidate with { Message = protection });
                continue;
            }

            candidates.Add(candidate);
        }

        var preSpin = new List<DisruptionDecision>();
        foreach (var pool in candidates.GroupBy(c => c.Claim.NodePool))
        {
            Budget(input, input.Pools[pool.Key], [.. pool], disrupt, blocked, preSpin);
        }

        return new DisruptionPlan(disrupt, blocked) { Disrupting = input.Claims.Count(c => c.Deleting) + disrupt.Count, PreSpin = preSpin };
    }

    /// <summary>Whether the node has pods that must move: anything but DaemonSet, static and finished pods.</summary>
    public static bool IsEmpty(NodeState node) => node.Pods.All(p => p.IsFinished || p.OwnerKind is "DaemonSet" or "Node");

    private static DisruptionDecision? Candidate(NodeClaim claim, NodeState node, NodePool pool, DisruptionInput input)
    {
        var consolidateAfter = pool.Disruption.ConsolidateAfter;
        if (pool.Disruption.RemovesEmptyNodes && IsEmpty(node) && !input.HoldsReservations(claim)
            && input.Now - input.LastPodChange(node.Node.Name) >= consolidateAfter)
        {
            return new DisruptionDecision(claim, DisruptionReasons.Empty, $"no pods to move for {consolidateAfter} (consolidateAfter)");
        }

        return input.Drift(claim, node, pool) is { } drift
            ? new DisruptionDecision(claim, DisruptionReasons.Drifted, $"{drift.Reason}: {drift.Message}") { Cause = drift.Reason }
            : null;
    }

    /// <summary>Why a graceful disruption may not pick the node now: a do-not-disrupt annotation, or a pod its PodDisruptionBudgets hold.</summary>
    internal static string? Protection(NodeState node, DisruptionInput input)
    {
        if (DoNotDisrupt.Blocks(node.Node, input.Now))
        {
            return $"node {node.Node.Name} has the do-not-disrupt annotation";
        }

        foreach (var pod in node.Pods)
        {
            if (!pod.IsFinished && DoNotDisrupt.Blocks(pod, input.Now))
            {
                return $"pod {pod.Key} has the do-not-disrupt annotation";
            }

            if (input.PodBudgets.Blocks(pod) is { } budget)
            {
                return budget;
            }
        }

        return null;
    }

    /// <summary>
    /// A pool's initialized nodes and those disrupting, as Karpenter counts them (deleting or NotReady), with the
    /// claims this pass already chose.
    /// </summary>
    internal static (int Nodes, int Disrupting) Counts(DisruptionInput input, string pool, IReadOnlyList<DisruptionDecision> decided)
    {
        var nodes = 0;
        var disrupting = 0;
        foreach (var claim in input.Claims.Where(c => c.NodePool == pool && c.IsInitialized))
        {
            nodes++;
            var node = claim.Status.NodeName is { } name ? input.Cluster.FindNode(name)?.Node : null;
            disrupting += claim.Deleting || node is null || node.DeletedAt is not null || !node.Ready ? 1 : 0;
        }

        return (nodes, disrupting + decided.Count(d => d.Claim.NodePool == pool));
    }

    /// <summary>What a pool's hourly rates count: the disruptions it started in the last hour and those this pass chose. Expiry is never budgeted, so it spends no rate either.</summary>
    internal static List<StartedDisruption> StartedWith(DisruptionInput input, string pool, IReadOnlyList<DisruptionDecision> decided) =>
    [
        .. input.Started(pool),
        .. decided.Where(d => d.Claim.NodePool == pool && d.Reason != DisruptionReasons.Expired).Select(d => new StartedDisruption(d.Reason, input.Now)),
    ];

    /// <summary>
    /// Takes the oldest candidates of one pool that its budgets allow, reason by reason; the rest are blocked, and the
    /// oldest blocked drifted ones, as many as the budget's waves ahead allow, are pre-spun.
    /// </summary>
    private static void Budget(DisruptionInput input, NodePool pool, List<DisruptionDecision> candidates, List<DisruptionDecision> disrupt, List<DisruptionDecision> blocked, List<DisruptionDecision> preSpin)
    {
        var (nodes, disrupting) = Counts(input, pool.Name, disrupt);
        var started = StartedWith(input, pool.Name, disrupt);
        foreach (var reason in new[] { DisruptionReasons.Empty, DisruptionReasons.Drifted })
        {
            var allowed = DisruptionBudget.AllowedFor(pool.Disruption.Budgets, reason, nodes, disrupting, input.Now, started);
            var ofReason = candidates.Where(c => c.Reason == reason).ToList();
            var taken = ofReason.Take(allowed).ToList();
            disrupt.AddRange(taken);
            disrupting += taken.Count;
            started.AddRange(taken.Select(t => new StartedDisruption(t.Reason, input.Now)));
            blocked.AddRange(ofReason.Skip(taken.Count).Select(c => c with
            {
                Message = $"the NodePool's disruption budget allows {allowed} more {reason} node(s) now ({c.Message})",
            }));

            // An empty node has no pods to move, so only drifted ones gain from room bought ahead. A wave is what the
            // budget allows once the nodes disrupting now are gone (the hourly rate included): a budget that allows
            // nothing (a closed schedule) buys nothing ahead.
            if (reason == DisruptionReasons.Drifted && input.PreSpinWaves > 0)
            {
                var wave = DisruptionBudget.AllowedFor(pool.Disruption.Budgets, reason, nodes, 0, input.Now, started);
                preSpin.AddRange(ofReason.Skip(taken.Count).Take((int)Math.Min((long)wave * input.PreSpinWaves, int.MaxValue)));
            }
        }
    }
}
