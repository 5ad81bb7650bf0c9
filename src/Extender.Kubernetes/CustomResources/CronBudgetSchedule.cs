using Cronos;
using Extender.Core.Disruption;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// A budget's <c>schedule</c> and <c>duration</c> as Karpenter reads them: a standard five-field cron (or a macro such
/// as <c>@daily</c>) in UTC; the budget is active when a schedule time fell within the last <c>duration</c>.
/// </summary>
public sealed class CronBudgetSchedule(CronExpression cron, TimeSpan duration) : IBudgetSchedule
{
    public bool IsActive(DateTimeOffset now)
    {
        // The first schedule time after (now − duration) is at or before now: that window is still open.
        var utc = now.UtcDateTime;
        var next = cron.GetNextOccurrence(utc - duration, TimeZoneInfo.Utc, inclusive: false);
        return next is { } hit && hit <= utc;
    }

    /// <summary>Maps one budget; an unreadable schedule or duration makes a budget that allows nothing (Karpenter fails closed).</summary>
    public static DisruptionBudget Budget(NodePoolBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var reasons = budget.Reasons?.ToList() ?? [];
        var nodes = budget.Nodes ?? DisruptionBudget.Default.Nodes;
        if (budget.Schedule is null && budget.Duration is null)
        {
            return new DisruptionBudget { Nodes = nodes, Reasons = reasons, MaxPerHour = budget.MaxPerHour };
        }

        try
        {
            return new DisruptionBudget { Nodes = nodes, Reasons = reasons, MaxPerHour = budget.MaxPerHour, Schedule = Parse(budget.Schedule, budget.Duration) };
        }
        catch (FormatException e)
        {
            return new DisruptionBudget { Nodes = nodes, Reasons = reasons, MaxPerHour = budget.MaxPerHour, Invalid = $"schedule \"{budget.Schedule}\": {e.Message}" };
        }
    }

    /// <summary>
    /// A <c>schedule</c> and <c>duration</c> pair as Karpenter reads a budget's (also a CapacityBuffer's window);
    /// throws <see cref="FormatException"/> saying what is wrong.
    /// </summary>
    public static CronBudgetSchedule Parse(string? schedule, string? duration)
    {
        try
        {
            var text = schedule ?? throw new FormatException("a duration needs a schedule");
            RejectWrappingRanges(text);
            var cron = CronExpression.Parse(text);
            var window = duration is { } d && Durations.TryParse(d, out var parsed)
                ? parsed
                : throw new FormatException($"duration \"{duration}\" is not a duration");
            return new CronBudgetSchedule(cron, window);
        }
        catch (CronFormatException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static readonly string[] Names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>
    /// Cronos reads <c>tue-mon</c> as a range that wraps around; Karpenter's parser (robfig/cron) refuses it, and a
    /// budget Karpenter would fail closed on must fail closed here too.
    /// </summary>
    private static void RejectWrappingRanges(string schedule)
    {
        foreach (var range in schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(f => f.Split(',')).Select(r => r.Split('/')[0]).Where(r => r.Contains('-', StringComparison.Ordinal)))
        {
            var ends = range.Split('-');
            if (ends.Length == 2 && Value(ends[0]) is { } from && Value(ends[1]) is { } to && from > to)
            {
                throw new FormatException($"beginning of range ({from}) beyond end of range ({to}): {range}");
            }
        }

        static int? Value(string end) =>
            int.TryParse(end, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
            : Array.IndexOf(Names, end.ToLowerInvariant()) is var index and >= 0 ? (index < 7 ? index : index - 6)
            : null;
    }
}
