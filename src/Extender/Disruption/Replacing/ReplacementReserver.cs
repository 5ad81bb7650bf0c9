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
/// as they do any reserved pod. Bare pods get none (nothing recreates them). Leader only.
/// </summary>
internal sealed class ReplacementReserver(BatchProvisioner provisioner, ReservationLedger ledger, ClaimRegistry registry, ClusterState cluster, TimeProvider time)
{
    /// <summary>Plans the pods that must leave <paramref name="leaving"/>, holds room for their replacements and starts any launches; returns once the holds are written.</summary>
    public async Task<ReplacementHold> ReserveAsync(IReadOnlyCollection<string> leaving, CancellationToken cancellationToken)
    {
        var snapshot = cluster.Current;
        var nodes = leaving.ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var plan = ReplacementPlan.For(nodes.SelectMany(n => snapshot.FindNode(n)?.Pods ?? []), now);
        var claims = plan.Moving.Count == 0 ? [] : await provisioner.ReserveReplacementsAsync([.. plan.Moving.Select(m => (m.AsPending, m.Slot))], nodes, cancellationToken);
        return new ReplacementHold(nodes, plan, claims, now);
    }

    /// <summary>Plans again the slots whose room was lost (<see cref="ReplacementState.Lost"/>), keeping their original start.</summary>
    public async Task ReserveAgainAsync(ReplacementHold hold, IReadOnlyList<DisplacedPod> lost, CancellationToken cancellationToken)
    {
        if (lost.Count > 0)
        {
            await provisioner.ReserveReplacementsAsync([.. lost.Select(m => (m.AsPending, m.Slot))], hold.Leaving, cancellationToken);
        }
    }

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
                lost.Add(moving);
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
}
