using System.Globalization;

namespace Extender.Core.Disruption;

/// <summary>
/// One of a NodePool's <c>spec.disruption.budgets</c>, with Karpenter's semantics: at most <see cref="Nodes"/> (a
/// count, or a percentage of the pool's nodes rounded up) disrupted at once, while <see cref="Schedule"/> is active
/// (always, without one), for the listed reasons (all, when none are). A budget that cannot be read fails closed.
/// Beyond Karpenter (whose budgets bound only how many nodes are disrupting at once, so a faster loop churns more;
/// kubernetes-sigs/karpenter#2909), <see cref="MaxPerHour"/> also bounds how many may start in any rolling hour.
/// </summary>
public sealed record DisruptionBudget
{
    /// <summary>Karpenter's default when a NodePool lists no budgets.</summary>
    public static DisruptionBudget Default { get; } = new() { Nodes = "10%" };

    public required string Nodes { get; init; }
    public IBudgetSchedule? Schedule { get; init; }
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>At most this many (a count, or a percentage of the pool's nodes rounded up) started in the last hour; null: no rate.</summary>
    public string? MaxPerHour { get; init; }

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

        return Scale(Nodes, nodes);
    }

    /// <summary>How many more of <paramref name="nodes"/> may start disrupting this hour, given those that did (<see cref="int.MaxValue"/>: no rate, or inactive).</summary>
    public int AllowedThisHour(int nodes, IReadOnlyList<StartedDisruption> started, DateTimeOffset now)
    {
        if (MaxPerHour is null || (Invalid is null && Schedule is { } schedule && !schedule.IsActive(now)))
        {
            return int.MaxValue;
        }

        var within = started.Count(s => AppliesTo(s.Reason) && s.At > now - TimeSpan.FromHours(1));
        return Invalid is null ? Math.Max(Scale(MaxPerHour, nodes) - within, 0) : 0;
    }

    /// <summary>A count, or a percentage of <paramref name="nodes"/> rounded up, as Kubernetes scales a PodDisruptionBudget's maxUnavailable (5% of 10 nodes allows one); unreadable: none.</summary>
    private static int Scale(string value, int nodes)
    {
        if (value.EndsWith('%'))
        {
            return int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
                ? (int)Math.Ceiling(nodes * (percent / 100.0))
                : 0;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    /// <summary>
    /// What the pool may still disrupt for <paramref name="reason"/>: the most restrictive applicable budget, minus the
    /// nodes already disrupting (deleting or NotReady), never below zero, and no more than any applicable hourly rate
    /// leaves after the disruptions that <paramref name="started"/> in the last hour. A reason no budget lists is unlimited.
    /// </summary>
    public static int AllowedFor(IReadOnlyList<DisruptionBudget> budgets, string reason, int nodes, int disrupting, DateTimeOffset now, IReadOnlyList<StartedDisruption>? started = null)
    {
        var applicable = budgets.Where(b => b.AppliesTo(reason)).ToList();
        var atOnce = applicable.Select(b => b.Allowed(nodes, now)).DefaultIfEmpty(int.MaxValue).Min();
        var allowed = atOnce == int.MaxValue ? int.MaxValue : Math.Max(atOnce - disrupting, 0);
        return Math.Min(allowed, applicable.Select(b => b.AllowedThisHour(nodes, started ?? [], now)).DefaultIfEmpty(int.MaxValue).Min());
    }
}
