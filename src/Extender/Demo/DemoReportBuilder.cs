using Extender.Core.Catalog;
using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>Assembles the <c>--report</c> object from what the sandbox, the scheduler and the provisioner recorded.</summary>
internal static class DemoReportBuilder
{
    public static DemoReport Build(string scenario, TimeSpan elapsed, DemoEnvironment environment, IReadOnlyList<CreatedPod> created, DemoExtras extras, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(extras);
        var pods = environment.Api.List("v1", "Pod");
        var nodeOf = pods.Where(StatusSampler.IsBound).ToDictionary(StatusSampler.Uid, p => (string)p["spec"]!["nodeName"]!, StringComparer.Ordinal);
        var instances = environment.Ec2.Instances;
        var nodeOfClaim = instances
            .Where(i => i.Tags.ContainsKey(WellKnownLabels.NodeClaim))
            .GroupBy(i => i.Tags[WellKnownLabels.NodeClaim], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().PrivateDnsName, StringComparer.Ordinal);
        var launches = environment.Launches.Pods;
        var usedNodes = nodeOf.Values.ToHashSet(StringComparer.Ordinal);
        var coverage = Coverage.Of(created, launches.ToDictionary(l => l.Key, l => (l.Value.DetectedAt, l.Value.LaunchedAt), StringComparer.Ordinal));
        var boundToReserved = nodeOf.Count(p => launches.TryGetValue(p.Key, out var launch)
            && nodeOfClaim.TryGetValue(launch.LastClaim, out var reservedNode) && reservedNode == p.Value);

        return new DemoReport
        {
            Scenario = scenario,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 1),
            Pods = new PodCounts(pods.Count, nodeOf.Count, boundToReserved, pods.Count - nodeOf.Count),
            DetectionToLaunchMilliseconds = Percentiles.Of(launches.Values.Select(l => l.DetectionToLaunch.TotalMilliseconds)),
            PendingToBoundMilliseconds = Percentiles.Of(environment.SchedulerMetrics.Bindings.Select(b => b.PendingToBound.TotalMilliseconds)),
            Nodes = new NodeCounts(
                instances.Count,
                instances.Count(i => !usedNodes.Contains(i.PrivateDnsName)),
                new SortedDictionary<string, int>(instances.GroupBy(i => i.InstanceType).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal)),
            CostPerHour = StatusSampler.CostPerHour(environment.Ec2, instances.Where(i => i.State == "running")),
            CloudCalls = environment.Ec2.CallCounts,
            ExtenderCalls = DemoReport.AllVerbs(environment.SchedulerMetrics.ExtenderCalls),
            PlanCostPerHour = extras.PlanCostPerHour,
            FilterP99Milliseconds = extras.FilterP99Milliseconds,
            CoveredMilliseconds = coverage.CoveredMilliseconds,
            LastLaunchAfterLastPodMilliseconds = coverage.AfterLastPodMilliseconds,
            UncoveredPods = coverage.Uncovered,
            Sidecar = extras.Sidecar,
            Errors = errors,
        };
    }
}
