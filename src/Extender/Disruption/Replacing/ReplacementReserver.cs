using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Reservations;
using Extender.Provisioning.Launching;

namespace Extender.Disruption.Replacing;

/// <summary>
/// Reserve before evict, the mechanism every disruption that moves pods uses (drift, expiry, interruption here;
/// consolidation calls it too): "hold room for the pods of these nodes, tell me when it is Ready". The pods are planned
/// like a batch (existing room first, else new claims on the provisioner's claim and launch path), and each gets a
/// replacement slot (<see cref="ReplacementKey"/>): its evicted pod comes back under a new UID, and the first new pod
/// of the same controller and shape takes the slot, after which the extender's filter and prioritize steer it there
/// as they do any reserved pod. Bare pods get none (nothing recreates them). Requests that arrive while a plan runs
/// (a mass interruption's messages, handled in parallel) are planned together in the next one. Leader only.
/// </summary>
internal sealed class ReplacementReserver(BatchProvisioner provisioner, ReservationLedger ledger, ClaimRegistry registry, ClusterState cluster, TimeProvider time)
{
    private readonly Lock _gate = new();
    private List<Request> _queued = [];
    private bool _planning;

    /// <summary>
    /// Plans the pods that must leave <paramref name="leaving"/>, holds room for their replacements and starts any
    /// launches; returns once the holds are written. The plan puts no pod on <paramref name="leaving"/> nor on
    /// <paramref name="avoid"/> (nodes that leave later: a pre-spun hold's other drifted nodes).
    /// </summary>
    public async Task<ReplacementHold> ReserveAsync(IReadOnlyCollection<string> leaving, CancellationToken cancellationToken, IReadOnlySet<string>? avoid = null)
    {
        var snapshot = cluster.Current;
        var now = time.GetUtcNow();
        var plan = ReplacementPlan.For(leaving.Distinct(StringComparer.Ordinal).SelectMany(n => snapshot.FindNode(n)?.Pods ?? []), now);
        var nodes = leaving.Concat(avoid ?? new HashSet<string>()).ToHashSet(StringComparer.Ordinal);
        if (plan.Moving.Count > 0)
        {
            await PlanTogetherAsync(new Request(plan.Moving, nodes), cancellationToken);
        }

        var reservations = ledger.Current;
        IReadOnlyList<string> claims = [.. plan.Moving.Select(m => reservations.ClaimOf(m.Slot.Pod.Uid)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        return new ReplacementHold(nodes, plan, claims, now);
    }

    /// <summary>Plans again the slots whose room was lost (<see cref="ReplacementState.Lost"/>), keeping their original start.</summary>
    public Task ReserveAgainAsync(ReplacementHold hold, IReadOnlyList<DisplacedPod> lost, CancellationToken cancellationToken) =>
        lost.Count == 0 ? Task.CompletedTask : PlanTogetherAsync(new Request(lost, hold.Leaving), cancellationToken);

    /// <summary>Where each slot stands now: on a Ready, initialized node; on capacity still booting; or lost.</summary>
    public ReplacementState Check(ReplacementHold hold)
    {
        var reservations = ledger.Current;
        var snapshot = cluster.Current;
        var ready = 0;
        var waiting = 0;
        var lost = new List<DisplacedPod>();
        foreach (var moving in hold.Plan.Moving)
        {
            if (reservations.ClaimOf(moving.Slot.Pod.Uid) is not { } claim)
            {
                // Slots of one key are interchangeable: a sibling's new pod may take this one, and this node's pod
                // then takes the sibling's. Taken is not lost.
                if (reservations.WasTaken(moving.Slot.Pod.Uid))
                {
                    ready++;
                }
                else
                {
                    lost.Add(moving);
                }
            }
            else if (reservations.NodeOf(claim) is { } node && snapshot.FindNode(node)?.Node is { Ready: true } && registry.Find(claim) is null or { IsInitialized: true })
            {
                ready++;
            }
            else
            {
                waiting++;
            }
        }

        return new ReplacementState(ready, waiting, lost);
    }

    /// <summary>The disruption was abandoned: the slots no pod took are given up (and not brought back by the claim watch).</summary>
    public void Release(ReplacementHold hold) => ledger.Update(s => s.GiveUp(hold.Plan.Moving.Select(m => m.Slot.Pod.Uid)));

    /// <summary>
    /// Queues the request and waits for the plan that takes it: one runner at a time plans everything queued, round
    /// after round until the queue is empty, so requests that came in during a plan share the next one instead of
    /// waiting one plan each. The runner plans with the token of the caller that started it (every caller passes the
    /// host's stopping token).
    /// </summary>
    private async Task PlanTogetherAsync(Request request, CancellationToken cancellationToken)
    {
        bool start;
        lock (_gate)
        {
            _queued.Add(request);
            start = !_planning;
            _planning = true;
        }

        if (start)
        {
            _ = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);
        }

        await request.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<Request> round;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _planning = false;
                    return;
                }

                round = _queued;
                _queued = [];
            }

            try
            {
                await provisioner.ReserveReplacementsAsync(
                    [.. round.SelectMany(r => r.Moving).Select(m => (m.AsPending, m.Slot))],
                    round.SelectMany(r => r.Leaving).ToHashSet(StringComparer.Ordinal),
                    cancellationToken);
                round.ForEach(r => r.Done.TrySetResult());
            }
            catch (Exception ex)
            {
                round.ForEach(r => r.Done.TrySetException(ex));
            }
        }
    }

    private sealed record Request(IReadOnlyList<DisplacedPod> Moving, IReadOnlySet<string> Leaving)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
