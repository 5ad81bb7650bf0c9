using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;

namespace Extender.Core.Consolidation;

/// <summary>
/// One consolidation: delete <see cref="Candidates"/> and, for a replace, launch <see cref="Replacements"/>; the
/// displaced pods go where <see cref="Placements"/> (existing nodes and capacity in flight) and the replacements say.
/// </summary>
/// <param name="Candidates">The claims to delete.</param>
/// <param name="Replacements">New nodes, their instance type options cut to those that keep the move cheaper in the worst case.</param>
/// <param name="Placements">Displaced pods put on registered nodes or claims in flight.</param>
/// <param name="Displaced">Every pod the move evicts.</param>
/// <param name="CandidatesPricePerHour">What the candidates cost.</param>
/// <param name="ReplacementsWorstPricePerHour">What the replacements cost if each launches its most expensive remaining option.</param>
/// <param name="DisruptionCost">Karpenter's reschedule disruption cost of the candidates (1 per node plus about 1 per pod).</param>
public sealed record ConsolidationMove(
    IReadOnlyList<NodeClaim> Candidates,
    IReadOnlyList<PlannedNode> Replacements,
    IReadOnlyList<Placement> Placements,
    IReadOnlyList<Pod> Displaced,
    decimal CandidatesPricePerHour,
    decimal ReplacementsWorstPricePerHour,
    double DisruptionCost)
{
    public bool IsDelete => Replacements.Count == 0;

    /// <summary>Savings in the worst case: never negative for a move that was taken.</summary>
    public decimal SavingsPerHour => CandidatesPricePerHour - ReplacementsWorstPricePerHour;

    /// <summary>A line for conditions, events and logs.</summary>
    public string Message => IsDelete
        ? $"delete {Candidates.Count} node(s), {Displaced.Count} pod(s) fit elsewhere, saving ${SavingsPerHour:0.####}/h"
        : $"replace {Candidates.Count} node(s) (${CandidatesPricePerHour:0.####}/h) with {Replacements.Count} ({string.Join(", ", Replacements.Select(r => r.InstanceType))}, at most ${ReplacementsWorstPricePerHour:0.####}/h)";
}
