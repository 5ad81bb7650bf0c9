namespace Extender.Core.Consolidation;

/// <summary>
/// Consolidation of underused nodes (Karpenter's <c>Underutilized</c> reason), pure and deterministic over one
/// immutable snapshot. The entry point for the leader's disruption pass and for the simulator.
/// </summary>
public static class Consolidator
{
    /// <summary>
    /// Finds the pass's moves. Candidates are initialized nodes of pools whose policy is
    /// <c>WhenEmptyOrUnderutilized</c> or <c>Balanced</c>, with pods to move, past <c>consolidateAfter</c> since their
    /// last pod came or went, holding no reservation and protected by no do-not-disrupt annotation, ordered as
    /// Karpenter orders them (price per unit of disruption, highest first) and cut to what each pool's
    /// <c>Underutilized</c> budget allows. Single nodes are tried first, then multi-node moves over all that remain
    /// (Karpenter: the first 100 only, one replacement, one move per pass). Each move plans the displaced pods with the provisioning
    /// planner on the room left (registered nodes that have been quiet for their <c>consolidateAfter</c>, capacity in
    /// flight) plus new nodes; it is taken only when every displaced pod is placed and the replacements cost less, in
    /// the worst case, than the nodes they replace (one node becomes at most one, several become fewer) (by <see cref="ConsolidationOptions.SavingsPerDisruption"/> per
    /// unit of disruption), and, for <c>Balanced</c> pools, when Karpenter's score reaches 1/k (k = 2). Later moves
    /// are planned on the room the earlier ones left, so the moves do not overlap and can all be carried out at once.
    /// </summary>
    public static ConsolidationPlan Decide(ConsolidationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ConsolidationSearch(input).Run();
    }

    /// <summary>
    /// Checks moves decided on an earlier snapshot against <paramref name="newest"/> right before they are carried
    /// out (Karpenter waits 15 s and simulates again): a move is kept only if all its candidates are still
    /// candidates and it still places every displaced pod at no greater cost, each planned on the room the moves kept
    /// before it left. Returns the kept moves, re-planned on the newest snapshot.
    /// </summary>
    public static IReadOnlyList<ConsolidationMove> Revalidate(ConsolidationInput newest, IReadOnlyList<ConsolidationMove> moves)
    {
        ArgumentNullException.ThrowIfNull(newest);
        ArgumentNullException.ThrowIfNull(moves);
        return new ConsolidationSearch(newest).Confirm(moves);
    }
}
