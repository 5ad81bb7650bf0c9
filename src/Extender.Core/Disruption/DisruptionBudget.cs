using System.Globalization;

namespace Extender.Core.Disruption;

/// <summary>
/// One of a NodePool's <c>spec.disruption.budgets</c>, with Karpenter's semantics: at most <see cref="Nodes"/> (a
/// count, or a percentage of the pool's nodes rounded up) disrupted at once, while <see cref="Schedule"/> is active
/// (always, without one), for the listed reasons (all, when none are). A budget that cannot be read fails closed.
/// </summary>
public sealed record DisruptionBudget
{
    /// <summary>Karpenter's default when a NodePool lists no budgets.</summary>
    public static DisruptionBudget Default { get; } = new() { Nodes = "10%" };

    public required string Nodes { get; init; }
    public IBudgetSchedule? Schedule { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>Why the budget is unreadable (an invalid schedule); such a budget allows nothing.</summary>
    public string? Invalid { get; init; }

    public bool AppliesTo(string reason) => Reasons.Count == 0 || Reasons.Contains(reason, StringComparer.Ordinal);

    /// <summary>How many of <paramref name="nodes"/> may be disrupted at <paramref name="now"/>; <see cref="int.MaxValue"/> while inactive.</summary>
    public int Allowed(int nodes, DateTimeOffset now)
    {
        if (Invalid is not null)
        {
            return 0;
        }

        if (Schedule is { } schedule && !schedule.IsActive(now))
        {
            return int.MaxValue;
        }

        // Rounded up, as Kubernetes scales a PodDisruptionBudget's maxUnavailable: 5% of 10 nodes allows one.
        if (Nodes.EndsWith('%'))
        {
            return int.TryParse(Nodes[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
                ? (int)Math.Ceiling(nodes * (percent / 100.0))
                : 0;
        }

        return int.TryParse(Nodes, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    /// <summary>
    /// What the pool may still disrupt for <paramref name="reason"/>: the most restrictive applicable budget, minus the
    /// nodes already disrupting (deleting or NotReady), never below zero. A reason no budget lists is unlimited.
    /// </summary>
    public static int AllowedFor(IReadOnlyList<DisruptionBudget> budgets, string reason, int nodes, int disrupting, DateTimeOffset now)
    {
        var allowed = budgets.Where(b => b.AppliesTo(reason)).Select(b => b.Allowed(nodes, now)).DefaultIfEmpty(int.MaxValue).Min();
        return allowed == int.MaxValue ? int.MaxValue : Math.Max(allowed - disrupting, 0);
    }
}
