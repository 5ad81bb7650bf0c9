using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Scheduling;
using Extender.Provisioning.Batching;
using Extender.Provisioning.Launching;

namespace Extender.Simulation;

/// <summary>The provisioning path: batch, plan, reserve and launch, and bind what a Ready node was reserved for.</summary>
internal sealed partial class Simulator
{
    /// <summary>A pod waits to be placed: it joins the open batch, or opens one.</summary>
    private void Queue(Pod pod)
    {
        _queuedAt[pod.Uid] = Now;
        _batch = _batch is { } open ? open.Arrived(Now) : BatchWindow.Open(Now, _batching);
        var generation = ++_batchGeneration;
        Schedule(Now + _batch.Value.RemainingAt(Now), () => CloseBatch(generation));
    }

    // Each arrival moves the close later; only the close scheduled by the last arrival (or the hard maximum) counts.
    private void CloseBatch(long generation)
    {
        if (generation == _batchGeneration)
        {
            _batch = null;
            Plan();
        }
    }

    private void Plan()
    {
        var snapshot = _cluster.Current;
        var reservations = _ledger.Current;
        var pods = snapshot.PendingPods.Where(p => !reservations.Holds(p.Uid)).ToList();
        if (pods.Count == 0)
        {
            return;
        }

        var plan = Planner.Plan(PlanInputs.Build(pods, snapshot, reservations, _left, [.. _claims.Values], _pools, [], _catalog, _catalog));
        foreach (var placement in plan.ExistingNodes)
        {
            foreach (var pod in placement.Pods)
            {
                if (SchedulerChoice(pod, placement.Name) is { } node)
                {
                    Bind(pod, node);
                }
                else
                {
                    // The batch's earlier pods took the room the plan counted on: the pod waits for the next plan.
                    Queue(pod);
                }
            }
        }

        foreach (var placement in plan.InFlight)
        {
            Reserve(placement.Name, placement.Pods);
        }

        foreach (var node in plan.NewNodes)
        {
            Launch(node);
        }

        if (plan.Unschedulable.Count > 0 && !_retryScheduled)
        {
            _retryScheduled = true;
            Schedule(Now + UnschedulableRetry, () =>
            {
                _retryScheduled = false;
                Plan();
            });
        }
    }

    /// <summary>
    /// Where kube-scheduler binds a pod the plan put on a Ready node: among the Ready nodes the filter passes, the one
    /// with the highest least-waste score, what the extender's <c>prioritize</c> answers (at weight 20 a step of it is
    /// 200 points, more than the whole range of <c>NodeResourcesFit</c>, which pulls towards emptier nodes; the other
    /// in-tree plugins are not modelled), the planner's node on a tie, then the first by name (the planner itself takes
    /// the first node by name that fits, the oldest in a simulation).
    /// </summary>
    private string? SchedulerChoice(Pod pod, string planned)
    {
        var snapshot = _cluster.Current;
        var reservations = _ledger.Current;
        var prepared = NodeFit.Prepare(pod, snapshot);
        string? best = null;
        var bestScore = -1;
        foreach (var node in snapshot.Nodes)
        {
            if (node.Node.Unschedulable || !_nodes.TryGetValue(node.Node.Name, out var live) || !live.Ready
                || !NodeFit.Evaluate(prepared, node, reservations.HeldForOthers(node.Node.Name, pod.Uid, snapshot)).Fits)
            {
                continue;
            }

            var score = (NodeScoring.LeastWaste(pod, node) * 2) + (node.Node.Name == planned ? 1 : 0);
            if (score > bestScore)
            {
                (best, bestScore) = (node.Node.Name, score);
            }
        }

        return best;
    }

    private void Reserve(string claim, IEnumerable<Pod> pods) =>
        _ledger.Update(s => s.Reserve(claim, pods.Select(p => ClaimFactory.Reserve(p, Now))));

    private string Launch(PlannedNode node)
    {
        var pool = _poolsByName[node.NodePool];

        // The factory's name is random (generateName); the simulation's must repeat from run to run.
        var claim = ClaimFactory.Create(node, pool, _catalog, Now) with { Name = $"{pool.Name}-{++_claimCount:D5}" };
        var option = claim.PreferredOption!;
        _claims[claim.Name] = claim with
        {
            Status = (claim.Status with { InstanceType = option.InstanceType, Zone = option.Zone, CapacityType = option.CapacityType, PricePerHour = option.PricePerHour })
                .WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Launched, true, "Launched", "", Now)),
        };
        _nodes[claim.Name] = new LiveNode(claim.Name, pool.Name, option.InstanceType, option.PricePerHour, Now);
        _recorder.Launched(option.PricePerHour);
        Reserve(claim.Name, node.Pods);
        Schedule(Now + _trace.BootTime, () => Ready(claim.Name));
        return claim.Name;
    }

    /// <summary>The node registers Ready (named as its claim) and the pods held on it bind.</summary>
    private void Ready(string name)
    {
        if (!_claims.TryGetValue(name, out var claim) || !_nodes.TryGetValue(name, out var live))
        {
            return;
        }

        var type = _catalog.Find(live.InstanceType)!;
        var labels = NodeLabels.ForLaunch(type, claim.Status.Zone!, claim.Status.CapacityType!, claim.Labels);
        labels[WellKnownLabels.Hostname] = name;
        _cluster.UpsertNode(new Node { Name = name, Labels = labels, Taints = claim.Taints, Allocatable = type.Allocatable, CreatedAt = Now, ProviderId = $"aws:///{claim.Status.Zone}/{name}" });
        _claims[name] = claim with
        {
            Status = (claim.Status with { NodeName = name, Allocatable = type.Allocatable })
                .WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Registered, true, "Registered", "", Now))
                .WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Initialized, true, "Initialized", "", Now)),
        };
        live.Ready = true;

        // Pods a consolidation moves here are evicted from their old node now that their room is Ready (reserve,
        // then evict); the others were waiting for it.
        var snapshot = _cluster.Current;
        var held = _ledger.Current.OnClaim(name)?.Pods.Keys.Order(StringComparer.Ordinal).Select(snapshot.FindPod).OfType<Pod>().ToList() ?? [];
        foreach (var pod in held)
        {
            if (pod.NodeName is null)
            {
                Bind(pod, name);
            }
            else
            {
                Move(pod);
            }
        }

        _ledger.Update(s => s.ForgetClaim(name));
        FinishMoves();
    }

    private void Bind(Pod pod, string node)
    {
        _cluster.UpsertPod(pod with { NodeName = node, Phase = "Running" });
        _nodes[node].LastPodChange = Now;
        _readyAt[pod.Uid] = Now;
        _recorder.Bound(Now - _queuedAt[pod.Uid]);
        _queuedAt.Remove(pod.Uid);
    }
}
