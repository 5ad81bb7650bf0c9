using Extender.Core.Claims;
using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Lifecycle;
using Extender.Provisioning.Ports;

namespace Extender.Disruption.Deciding;

/// <summary>
/// Carries out a pass's decisions: the reason is written on the claim (conditions <c>Empty</c>/<c>Expired</c>/
/// <c>Drifted</c> and <c>Disrupting</c>, which <c>kubectl get nodeclaims</c> shows), announced (event, metric), and the
/// claim deleted with its finalizer kept, so that termination drains it. Kept candidates get a
/// <c>DisruptionBlocked</c> event naming the budget or annotation.
/// </summary>
internal sealed class DisruptionExecutor(
    INodeClaimStore store,
    ClaimRegistry registry,
    LifecycleSignal lifecycle,
    IDisruptionEvents events,
    DisruptionMetrics metrics,
    DisruptionHistory history,
    TimeProvider time,
    ILogger<DisruptionExecutor> logger)
{
    public async Task ApplyAsync(DisruptionPlan plan, CancellationToken cancellationToken)
    {
        foreach (var decision in plan.Disrupt)
        {
            try
            {
                await DisruptAsync(decision, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                DeciderLog.DisruptFailed(logger, decision.Claim.Name, ex);
            }
        }

        // Termination starts now rather than on the lifecycle loop's next tick.
        if (plan.Disrupt.Count > 0)
        {
            lifecycle.Wake();
        }

        foreach (var kept in plan.Blocked)
        {
            events.OnClaim(kept.Claim, false, "DisruptionBlocked", $"{kept.Reason}, but kept: {kept.Message}");
            metrics.Blocked(kept.Message.Contains("PodDisruptionBudget", StringComparison.Ordinal) ? "PodDisruptionBudget"
                : kept.Message.Contains("budget", StringComparison.Ordinal) ? "budget" : "do-not-disrupt");
        }
    }

    private async Task DisruptAsync(DisruptionDecision decision, CancellationToken cancellationToken)
    {
        var claim = decision.Claim;
        var now = time.GetUtcNow();
        var status = claim.Status
            .WithCondition(new NodeClaimCondition(decision.Reason, true, decision.Cause, decision.Message, now))
            .WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Disrupting, true, decision.Reason, decision.Message, now));
        var recorded = await store.UpdateStatusAsync(claim.Name, status, cancellationToken);
        registry.Update(recorded, c => c with { Status = recorded.Status });
        await store.RequestDeletionAsync(claim.Name, cancellationToken);
        registry.Update(recorded, c => c with { DeletedAt = now });
        history.Record(claim.NodePool, decision.Reason);
        metrics.Decided(decision.Reason, claim.NodePool);
        events.OnClaim(claim, false, "Disrupting", $"{decision.Reason}: {decision.Message}");
        if (claim.Status.NodeName is { } node)
        {
            events.OnNode(node, false, "Disrupting", $"{decision.Reason}: {decision.Message}");
        }

        DeciderLog.Disrupting(logger, claim.Name, decision.Reason, decision.Message);
    }
}
