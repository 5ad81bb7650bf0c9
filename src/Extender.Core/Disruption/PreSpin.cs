using Extender.Core.Claims;

namespace Extender.Core.Disruption;

/// <summary>
/// Keeping the replacements bought ahead for a roll's next waves (<see cref="DisruptionPlan.PreSpin"/>) in step with
/// the decisions: which holds to give up, and which nodes their planning must leave out.
/// </summary>
public static class PreSpin
{
    /// <summary>
    /// The pre-spun claims whose holds no longer serve: not pre-spun again by <paramref name="plan"/>, not decided by
    /// it, and not being deleted (a deleted claim's pods are leaving, and the hold waits for them). That covers a node
    /// no longer drifted (its NodePool reverted), a claim gone, and one that fell out of the waves ahead.
    /// </summary>
    public static IReadOnlyList<string> Release(IEnumerable<string> spun, DisruptionPlan plan, IEnumerable<NodeClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var kept = plan.PreSpin.Concat(plan.Disrupt).Select(d => d.Claim.Name)
            .Concat(claims.Where(c => c.Deleting).Select(c => c.Name))
            .ToHashSet(StringComparer.Ordinal);
        return [.. spun.Where(name => !kept.Contains(name)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The nodes a pre-spun hold's planning must not put pods on, since they leave too and the pods would move twice:
    /// the nodes decided or being deleted, and every drifted node, whatever keeps it for now.
    /// </summary>
    public static IReadOnlySet<string> Avoid(DisruptionPlan plan, IEnumerable<NodeClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Disrupt.Concat(plan.Blocked.Where(b => b.Reason == DisruptionReasons.Drifted)).Select(d => d.Claim)
            .Concat(claims.Where(c => c.Deleting))
            .Select(c => c.Status.NodeName).OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }
}
