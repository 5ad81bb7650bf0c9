using Extender.Core.Catalog;
using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>Assembles the <c>--report</c> object from what the sandbox, the scheduler and the provisioner recorded.</summary>
internal static class DemoReportBuilder
{
    /// <summary>The scale-up's figures, from <paramref name="snapshot"/>; launch times from the environment, whose sidecar may have finished since.</summary>
    public static DemoReport Build(string scenario, TimeSpan elapsed, DemoEnvironment environment, ScaleUpSnapshot snapshot, IReadOnlyList<CreatedPod> created, DemoExtras extras, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(extras);
        var pods = snapshot.Pods;
        var nodeOf = pods.Where(StatusSampler.IsBound).ToDictionary(StatusSampler.Uid, p => (string)p["spec"]!["nodeName"]!, StringComparer.Ordinal);
        var instances = snapshot.Instances;
        var nodeOfClaim = instances
            .Where(i => i.Tags.ContainsKey(WellKnownLabels.NodeClaim))
            .GroupBy(i => i.Tags[WellKnownLabels.NodeClaim], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().PrivateDnsName, StringComparer.Ordinal);
        // The later phases' moved pods are launched for too; the scale-up's figures are about its own pods.
        var scaleUpPods = pods.Select(StatusSampler.Uid).Concat(created.Select(c => c.Uid)).ToHashSet(StringComparer.Ordinal);
        var launches = environment.Launches.Pods.Where(l => scaleUpPods.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
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
            PendingToBoundMilliseconds = Percentiles.Of(snapshot.Bindings.Select(b => b.PendingToBound.TotalMilliseconds)),
            Nodes = new NodeCounts(
                instances.Count,
                instances.Count(i => !usedNodes.Contains(i.PrivateDnsName) && !snapshot.BufferNodes.Contains(i.PrivateDnsName)),
                new SortedDictionary<string, int>(instances.GroupBy(i => i.InstanceType).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal)),
            CostPerHour = StatusSampler.CostPerHour(environment.Ec2, instances.Where(i => i.State == "running")),
            CloudCalls = snapshot.CloudCalls,
            ExtenderCalls = DemoReport.AllVerbs(snapshot.ExtenderCalls),
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
