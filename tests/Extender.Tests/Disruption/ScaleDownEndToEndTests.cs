using System.Diagnostics;
using Extender.Demo;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Disruption;

/// <summary>
/// Scale-down through the whole demo stack (sandbox API with its controllers, Eviction API and garbage collector, EC2,
/// the real sidecar, kubelets), driven with KubernetesClient as a user would: delete a Deployment and watch its nodes
/// go; delete a NodeClaim whose pod a PodDisruptionBudget protects and watch the drain wait.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScaleDownEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ConsolidateAfter = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    // Two-vCPU nodes and 1.5-vCPU pods: one pod per node, so deleting the Deployment empties every node. The budget
    // lets every empty node go at once (Karpenter's default of 10% takes them two at a time: 70.9 s from the delete
    // for 20 here, against 43.7 s).
    private static readonly string Scenario = OnePodPerNodeScenario($"{{consolidationPolicy: WhenEmpty, consolidateAfter: {ConsolidateAfter.TotalSeconds}s, budgets: [{{nodes: \"100%\"}}]}}");

    [Fact]
    public async Task DeleteDeployment_EveryEmptyNodeGoneWithinConsolidateAfterPlus30s_NoPodDeletedWithoutEviction()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("web", 20), "default");
        await UntilAsync(() => RunningPods(run, "web") == 20, "20 running pods");
        var nodes = run.Nodes.Count;
        var costBefore = run.LaunchedCostPerHour;

        var clock = Stopwatch.StartNew();
        await client.AppsV1.DeleteNamespacedDeploymentAsync("web", "default");
        await UntilAsync(() => !run.Pods.Any(p => (string?)p["metadata"]?["labels"]?["app"] == "web"), "every pod gone");
        var podsGone = clock.Elapsed;
        await UntilAsync(() => run.Nodes.Count == 0 && run.Instances.All(i => i.State is "terminated" or "shutting-down"), "every node and instance gone");
        var elapsed = clock.Elapsed;
        var afterEmpty = elapsed - podsGone;
        output.WriteLine($"the Deployment's pods were gone after {podsGone.TotalSeconds:F1} s (their 30 s grace); the nodes {afterEmpty.TotalSeconds:F1} s later");

        output.WriteLine($"deleted a 20-pod Deployment: {nodes} nodes removed in {elapsed.TotalSeconds:F1} s (consolidateAfter {ConsolidateAfter.TotalSeconds:F0} s); $/h {costBefore:F4} -> {StatusSampler.CostPerHour(run.Environment.Ec2, run.Instances.Where(i => i.State == "running")):F4}");
        Assert.True(nodes >= 10, $"only {nodes} nodes");
        Assert.True(afterEmpty <= ConsolidateAfter + TimeSpan.FromSeconds(30), $"took {afterEmpty.TotalSeconds:F1} s after the nodes were empty");
        Assert.Equal(0, SidecarPodDeletes(run));
        Assert.Empty(run.Environment.Api.List(CustomResource, "NodeClaim"));
    }

    [Fact]
    public async Task DeleteNodeClaim_PodDisruptionBudgetAtItsLimit_DrainWaitsAndSaysSoUntilTheBudgetAllows()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var client = run.Environment.Client;
        var claim = await RunBehindABudgetAllowingNoneAsync(run);

        await client.CustomObjects.DeleteClusterCustomObjectAsync("provisioning.extender.io", "v1alpha1", "nodeclaims", claim);
        await UntilAsync(() => Events(run).Any(e => (string?)e["reason"] == "DisruptionBlocked" && ((string?)e["note"] ?? "").Contains("db", StringComparison.Ordinal)), "a DisruptionBlocked event naming the budget");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var heldNodes = run.Nodes.Count;
        var heldPods = RunningPods(run, "db");
        var tainted = run.Nodes.Single()["spec"]?["taints"]?.AsArray().Any(t => (string?)t?["key"] == "provisioning.extender.io/disrupted") == true;

        await client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync("db", "default");
        await UntilAsync(() => run.Environment.Api.List(CustomResource, "NodeClaim").All(c => (string)c["metadata"]!["name"]! != claim), "the claim gone once the budget is deleted");

        Assert.Equal(1, heldNodes);
        Assert.Equal(1, heldPods);
        Assert.True(tainted);
        Assert.Equal(0, SidecarPodDeletes(run));
    }

    /// <summary>
    /// As Karpenter: a drifted node whose pod a PodDisruptionBudget will not let go is not picked (not tainted, not
    /// deleted, nothing bought for it) and says why; once the budget allows, it is replaced.
    /// </summary>
    [Fact]
    public async Task Drift_PodDisruptionBudgetAllowingNone_NodeNotPickedAndSaysSoUntilTheBudgetAllows()
    {
        await using var run = await EndToEndRun.StartAsync(OnePodPerNodeScenario($"{{consolidationPolicy: WhenEmpty, consolidateAfter: {ConsolidateAfter.TotalSeconds}s, budgets: [{{nodes: \"100%\"}}]}}", "{rollout: one}"));
        var client = run.Environment.Client;
        var claim = await RunBehindABudgetAllowingNoneAsync(run);

        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new { spec = new { template = new { metadata = new { labels = new { rollout = "two" } } } } }, V1Patch.PatchType.MergePatch),
            "provisioning.extender.io", "v1alpha1", "nodepools", "default");
        await UntilAsync(() => Events(run).Any(e => (string?)e["reason"] == "DisruptionBlocked" && ((string?)e["note"] ?? "").Contains("PodDisruptionBudget default/db", StringComparison.Ordinal)), "a DisruptionBlocked event naming the budget");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var claimsWhileHeld = run.Environment.Api.List(CustomResource, "NodeClaim").Count;
        var deletingWhileHeld = run.Environment.Api.List(CustomResource, "NodeClaim").Any(c => c["metadata"]?["deletionTimestamp"] is not null);
        var taintedWhileHeld = run.Nodes.Single()["spec"]?["taints"]?.AsArray().Any(t => (string?)t?["key"] == "provisioning.extender.io/disrupted") == true;

        await client.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync("db", "default");
        await UntilAsync(() => run.Environment.Api.List(CustomResource, "NodeClaim").All(c => (string)c["metadata"]!["name"]! != claim) && RunningPods(run, "db") == 1, "the drifted node replaced once the budget is gone");

        Assert.Equal(1, claimsWhileHeld);
        Assert.False(deletingWhileHeld);
        Assert.False(taintedWhileHeld);
        Assert.Equal(0, SidecarPodDeletes(run));
    }

    /// <summary>One "db" pod running, guarded by a PodDisruptionBudget with <c>maxUnavailable: 0</c>; returns its node's claim.</summary>
    private static async Task<string> RunBehindABudgetAllowingNoneAsync(EndToEndRun run)
    {
        await run.Environment.Client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("db", 1), "default");
        await run.Environment.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget { Metadata = new V1ObjectMeta { Name = "db" }, Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 0, Selector = Selector("db") } }, "default");
        await UntilAsync(() => RunningPods(run, "db") == 1, "the db pod running");
        return (string)run.Environment.Api.List(CustomResource, "NodeClaim").Single()["metadata"]!["name"]!;
    }

    private static Task UntilAsync(Func<bool> condition, string what) => DisruptionSandbox.UntilAsync(condition, what, Patience);

    private static int RunningPods(EndToEndRun run, string app) => DisruptionSandbox.RunningPods(run, app).Count();
}
