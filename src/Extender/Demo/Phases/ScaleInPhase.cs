using System.Diagnostics;
using Extender.Core.Claims;
using Extender.Sandbox.Demo;

namespace Extender.Demo.Phases;

/// <summary>
/// The scale-in phase: the waves' <c>scaleTo</c> applied, then emptiness and consolidation left to act until the fleet
/// is quiet: nothing pending, terminating, launching or disrupting, and the running instances unchanged for the
/// NodePools' longest <c>consolidateAfter</c> plus <see cref="QuietMargin"/> (the decision loop's 2 s passes and a
/// replacement's boot fit in it).
/// </summary>
internal static class ScaleInPhase
{
    /// <summary>The longest the phase waits for the fleet to go quiet.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan QuietMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<ScaleInFigures> RunAsync(DemoEnvironment environment, Scenario scenario, WorkloadDriver driver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(driver);
        var clock = Stopwatch.StartNew();
        var before = Running(environment);
        var known = environment.Ec2.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var evictionsBefore = SandboxState.Evictions(environment.Api);
        var deleted = await driver.ScaleInAsync(cancellationToken);

        var settled = await WaitUntilQuietAsync(environment, QuietFor(scenario), cancellationToken);
        var after = Running(environment);
        var left = PlanBaseline.WithBufferRoom(scenario, environment.Api, SandboxState.LivePods(environment.Api));
        var removed = before.Count(b => environment.Ec2.Instances.Any(i => i.InstanceId == b.InstanceId && i.State is "terminated" or "shutting-down"));
        return new ScaleInFigures(
            deleted,
            before.Count,
            after.Count,
            removed,
            environment.Ec2.Instances.Count(i => !known.Contains(i.InstanceId)),
            StatusSampler.CostPerHour(environment.Ec2, before),
            StatusSampler.CostPerHour(environment.Ec2, after),
            left.Count == 0 ? 0m : PlanBaseline.Compute(scenario, left).TotalPricePerHour,
            // Rounded down: it stays a lower bound.
            Math.Round(PlanBaseline.Bound(scenario, left), 4, MidpointRounding.ToZero),
            SandboxState.Evictions(environment.Api) - evictionsBefore,
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            settled);
    }

    /// <summary>The NodePools' longest <c>consolidateAfter</c> (unset or <c>Never</c>: 0) plus the margin.</summary>
    public static TimeSpan QuietFor(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var longest = scenario.NodePools
            .Select(p => (string?)p["spec"]?["disruption"]?["consolidateAfter"])
            .Select(text => text is not null && Core.Disruption.Durations.TryParse(text, out var after) ? after : TimeSpan.Zero)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();
        return longest + QuietMargin;
    }

    private static async Task<bool> WaitUntilQuietAsync(DemoEnvironment environment, TimeSpan quietFor, CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var fleet = "";
        while (limit.Elapsed < Limit)
        {
            var now = string.Join(",", Running(environment).Select(i => i.InstanceId).Order(StringComparer.Ordinal));
            if (now != fleet || Busy(environment))
            {
                fleet = now;
                quiet.Restart();
            }
            else if (quiet.Elapsed >= quietFor)
            {
                return true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return false;
    }

    private static bool Busy(DemoEnvironment environment) =>
        environment.Api.List("v1", "Pod").Any(p => !StatusSampler.IsBound(p) || p["metadata"]?["deletionTimestamp"] is not null)
        || SandboxState.Claims(environment.Api).Any(c => c["metadata"]?["deletionTimestamp"] is not null
            || (string?)c["status"]?["nodeName"] is null
            || (c["status"]?["conditions"]?.AsArray() ?? []).Any(k => (string?)k?["type"] == NodeClaimConditionTypes.Disrupting && (string?)k?["status"] == "True"));

    private static List<Sandbox.Ec2.SandboxInstance> Running(DemoEnvironment environment) =>
        [.. environment.Ec2.Instances.Where(i => i.State == "running")];
}
