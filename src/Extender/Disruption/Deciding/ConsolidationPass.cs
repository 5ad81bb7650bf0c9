using Extender.Core.Consolidation;
using Extender.Core.Disruption;
using Extender.Disruption.Replacing;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>
/// The leader's consolidation: decide on one snapshot, check the moves again on the newest snapshot right before
/// acting (Karpenter sleeps 15 s and simulates again), hold room for each move's displaced pods as one plan, and hand
/// the candidates on as <c>Underutilized</c> disruptions. Runs every <see cref="DisruptionOptions.ConsolidationInterval"/>.
/// </summary>
internal sealed class ConsolidationPass(
    DisruptionPass pass,
    ConsolidationInputs inputs,
    ReplacementGate replacements,
    IOptions<DisruptionOptions> options,
    TimeProvider time,
    ILogger<ConsolidationPass> logger)
{
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The pass's consolidations as disruptions to carry out (none between intervals), after <paramref name="plan"/>'s.</summary>
    public async Task<IReadOnlyList<DisruptionDecision>> DecideAsync(DisruptionInput input, DisruptionPlan plan, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _last < options.Value.ConsolidationInterval)
        {
            return [];
        }

        _last = now;
        var decided = Consolidator.Decide(await inputs.BuildAsync(input, plan.Disrupt, cancellationToken));
        if (decided.Moves.Count == 0)
        {
            return [];
        }

        var moves = Consolidator.Revalidate(await inputs.BuildAsync(pass.Input(), plan.Disrupt, cancellationToken), decided.Moves);
        DeciderLog.Consolidation(logger, decided.Candidates, decided.Moves.Count, moves.Count, decided.PlannerRuns, (time.GetUtcNow() - now).TotalMilliseconds);
        var decisions = new List<DisruptionDecision>();
        foreach (var move in moves)
        {
            await replacements.PrepareMoveAsync([.. move.Candidates.Select(c => (c, input.Cluster.FindNode(c.Status.NodeName!)!))], cancellationToken);
            decisions.AddRange(move.Candidates.Select(c => new DisruptionDecision(c, DisruptionReasons.Underutilized, move.Message)));
        }

        return decisions;
    }
}
