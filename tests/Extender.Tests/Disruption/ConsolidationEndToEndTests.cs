using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Demo;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Disruption;

/// <summary>
/// Issue 19's trickle case through the whole demo stack, shipped configuration: a Deployment of 2500m/2Gi pods scaled
/// up one pod every 0.5 s gets one node per pod (each pod arrives after the last one's node was bought); once the
/// nodes have been quiet for <c>consolidateAfter</c>, consolidation replaces them with the fleet <c>plan</c> buys for
/// the same pods, reserving the new nodes for the moved pods before evicting them.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ConsolidationEndToEndTests(ITestOutputHelper output)
{
    private const int Pods = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    private const string Scenario = """
        bootSeconds: 1
        waves: []
        nodePools:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: {name: default}
          spec:
            template:
              spec:
                nodeClassRef: {group: provisioning.extender.io, kind: EC2NodeClass, name: default}
                requirements:
                - {key: provisioning.extender.io/capacity-type, operator: In, values: [on-demand]}
                - {key: kubernetes.io/arch, operator: In, values: [amd64]}
            disruption: {consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 10s, budgets: [{nodes: "100%"}]}
        """;

    [Fact]
    public async Task Trickle_AfterConsolidateAfter_FleetWithinFivePercentOfPlanAndMovedPodsOnTheRoomHeldForThem()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var client = run.Environment.Client;
        var deployment = DisruptionSandbox.Deployment("web", 1, cpu: "2500m", terminationGracePeriodSeconds: 1);
        deployment.Spec.Template.Spec.Containers[0].Resources.Requests["memory"] = new ResourceQuantity("2Gi");
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default");
        for (var replicas = 2; replicas <= Pods; replicas++)
        {
            await Task.Delay(500);
            await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(new { spec = new { replicas } }, V1Patch.PatchType.MergePatch), "web", "default");
        }

        await UntilAsync(() => RunningPods(run, "web").Count() == Pods, $"{Pods} running pods", Patience);
        var trickled = run.Nodes.Count;
        var before = Running(run);
        var firstPods = run.Pods.Select(Uid).ToHashSet(StringComparer.Ordinal);
        var oldNodes = run.Nodes.Select(Name).ToHashSet(StringComparer.Ordinal);
        var plan = PlanBaseline.Compute(run.Scenario, run.Pods.Where(p => (string?)p["metadata"]?["labels"]?["app"] == "web")).TotalPricePerHour;

        var clock = Stopwatch.StartNew();
        // The fleet plan would buy may keep some of the trickled nodes (a t3a.xlarge of the eight can be one of its
        // nodes), so what is awaited is the cost, with every pod running and no node still being taken down.
        await UntilAsync(
            () => Running(run) <= plan * 1.05m && RunningPods(run, "web").Count() == Pods && run.Nodes.Count(n => oldNodes.Contains(Name(n))) < trickled
                && run.Instances.Count(i => i.State == "running") == run.Nodes.Count,
            "the fleet within 5% of plan's cost with every pod running again",
            Patience);
        var elapsed = clock.Elapsed;
        var after = Running(run);
        var moved = RunningPods(run, "web").Where(p => !firstPods.Contains(p.Metadata.Uid)).ToList();
        var onHeld = moved.Count(p => HeldForReplacement(run, p.Spec.NodeName));

        output.WriteLine($"trickle of {Pods} pods: {trickled} nodes ${before:F4}/h; {elapsed.TotalSeconds:F1} s later {run.Nodes.Count} nodes ${after:F4}/h "
            + $"(plan ${plan:F4}/h, {100 * (after / plan - 1):+0.0;-0.0}%); {onHeld} of {moved.Count} moved pods bound to the room held for them; "
            + $"types {string.Join(", ", run.Instances.Where(i => i.State == "running").Select(i => i.InstanceType).Order(StringComparer.Ordinal))}");
        Assert.Equal(Pods, trickled);
        Assert.True(after <= plan * 1.05m, $"fleet ${after}/h, plan ${plan}/h");
        Assert.NotEmpty(moved);
        Assert.Equal(moved.Count, onHeld);
        Assert.Contains(Events(run), e => (string?)e["reason"] == "Disrupting" && ((string?)e["note"] ?? "").StartsWith("Underutilized", StringComparison.Ordinal));
        Assert.Equal(0, SidecarPodDeletes(run));
    }

    private static decimal Running(EndToEndRun run) => StatusSampler.CostPerHour(run.Environment.Ec2, run.Instances.Where(i => i.State == "running"));

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    private static string Uid(JsonObject o) => (string)o["metadata"]!["uid"]!;
}
