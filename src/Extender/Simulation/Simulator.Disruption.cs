using Extender.Core.Claims;
using Extender.Core.Consolidation;
using Extender.Core.Disruption;
using Extender.Provisioning.Launching;

namespace Extender.Simulation;

/// <summary>
/// The disruption path: every <see cref="SimulationTrace.DisruptionInterval"/>, the production decisions (empty and
/// expired nodes, then consolidation over the same input), carried out as production does: a consolidation holds the
/// displaced pods' destinations and evicts each pod once its destination is Ready, straight onto it; its nodes go when
/// its replacements are all Ready and every pod has moved.
/// </summary>
internal sealed partial class Simulator
{
    private readonly List<(string Pool, StartedDisruption Started)> _started = [];
    private readonly List<PendingMove> _moves = [];

    // Karpenter skips consolidation while the cluster has not changed since a pass that found nothing; so does this.
    private (long Cluster, int Claims, int Reservations)? _consolidated;

    private void Disrupt()
    {
        var reservations = _ledger.Current;
        var snapshot = _cluster.Current;
        var hourAgo = Now - TimeSpan.FromHours(1);
        _started.RemoveAll(s => s.Started.At <= hourAgo);
        var input = new DisruptionInput(
            [.. _claims.Values],
            snapshot,
            _poolsByName,
            claim => reservations.OnClaim(claim.Name) is { Pods.Count: > 0 },
            node => _nodes[node].LastPodChange,
            (_, _, _) => null,
            Now)
        {
            Started = pool => [.. _started.Where(s => s.Pool == pool).Select(s => s.Started)],
        };
        var plan = Disruptions.Decide(input);
        foreach (var decision in plan.Disrupt)
        {
            Started(decision.Claim, decision.Reason);
            Terminate(decision.Claim.Name, decision.Reason);
        }

        var state = (snapshot.Version, _claims.Count, reservations.Count);
        if (plan.Disrupt.Count == 0 && _consolidated != state)
        {
            var pending = snapshot.PendingPods.Where(p => !reservations.Holds(p.Uid)).ToList();
            var planning = PlanInputs.Build(pending, snapshot, reservations, _left, [.. _claims.Values], _pools, [], _catalog, _catalog);
            var moves = Consolidator.Decide(new ConsolidationInput(input, planning)).Moves;
            _consolidated = moves.Count == 0 ? state : null;
            foreach (var move in moves)
            {
                Begin(move);
            }
        }

        Schedule(Now + _trace.DisruptionInterval, Disrupt);
    }

    private void Started(NodeClaim claim, string reason)
    {
        if (reason != DisruptionReasons.Expired)
        {
            _started.Add((claim.NodePool, new StartedDisruption(reason, Now)));
        }
    }

    /// <summary>Cordons the candidates (their claims deleting, as the budgets count them), holds every destination, launches the replacements.</summary>
    private void Begin(ConsolidationMove move)
    {
        _recorder.Moved(move, Now);
        foreach (var candidate in move.Candidates)
        {
            _claims[candidate.Name] = _claims[candidate.Name] with { DeletedAt = Now };
            _cluster.UpsertNode(_cluster.Current.FindNode(candidate.Name)!.Node with { Unschedulable = true });
            Started(candidate, DisruptionReasons.Underutilized);
        }

        // A pod whose room is on a Ready node moves at once; the others when their claim is Ready.
        foreach (var placement in move.Placements)
        {
            Reserve(placement.Name, placement.Pods);
            if (_nodes[placement.Name].Ready)
            {
                foreach (var pod in placement.Pods)
                {
                    Move(_cluster.Current.FindPod(pod.Uid)!);
                }
            }
        }

        _moves.Add(new PendingMove(move, [.. move.Replacements.Select(Launch)]));
        FinishMoves();
    }

    /// <summary>Terminates the nodes of every move whose replacements are all Ready (their pods have moved by then).</summary>
    private void FinishMoves()
    {
        foreach (var pending in _moves.Where(m => m.Replacements.All(r => _nodes.GetValueOrDefault(r)?.Ready ?? true)).ToList())
        {
            _moves.Remove(pending);
            foreach (var candidate in pending.Move.Candidates)
            {
                Terminate(candidate.Name, DisruptionReasons.Underutilized);
            }
        }
    }

    /// <summary>Evicts a pod onto the capacity held for it: bound at once when that is a Ready node, else it waits for its claim (or, held nowhere, to be planned).</summary>
    private void Move(Core.Cluster.Pod pod)
    {
        var evicted = pod with { NodeName = null, Phase = "Pending" };
        _cluster.UpsertPod(evicted);
        _readyAt.Remove(pod.Uid);
        _recorder.Evicted();
        _queuedAt[pod.Uid] = Now;
        var destination = _ledger.Current.ClaimOf(pod.Uid);
        if (destination is null)
        {
            Queue(evicted);
        }
        else if (_nodes.GetValueOrDefault(destination) is { Ready: true })
        {
            _ledger.Update(s => s.ReleasePods([pod.Uid]));
            Bind(evicted, destination);
        }
    }

    /// <summary>Drains the node (each pod evicted onto the room held for it, or to be planned again) and terminates its instance.</summary>
    private void Terminate(string name, string reason)
    {
        foreach (var pod in _cluster.Current.PodsBoundTo(name).Where(Drain.IsDrainable).ToList())
        {
            Move(pod);
        }

        _cluster.DeleteNode(name);
        _ledger.Update(s => s.ForgetClaim(name));
        _claims.Remove(name);
        _recorder.Terminated(_nodes[name].PricePerHour, reason);
        _nodes.Remove(name);
    }
}
