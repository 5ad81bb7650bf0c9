namespace Extender.Core.Disruption;

/// <summary>When a budget applies: a UTC cron schedule and a duration after each of its times (parsed by the adapter).</summary>
public interface IBudgetSchedule
{
    bool IsActive(DateTimeOffset now);
}
