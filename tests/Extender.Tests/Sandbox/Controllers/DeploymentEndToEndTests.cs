using System.Net;
using Extender.Demo;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit.Abstractions;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>
/// A Deployment through the whole demo stack (sandbox API and EC2, the real sidecar over HTTP, the scheduler stand-in,
/// the kubelets and the controllers), driven with the real KubernetesClient as a user's tools would drive a cluster.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeploymentEndToEndTests(ITestOutputHelper output)
{
    private const int Replicas = 200;
    private const int MaxUnavailable = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Deployment200_ProvisionedAndRunning_ReplacesDeletedPods_DrainRespectsBudget()
    {
        await using var run = await EndToEndRun.StartAsync("bootSeconds: 1\nwaves: []\n");
        var client = run.Environment.Client;

        // The workload controllers are under test, not disruption: the default pool's consolidation (Karpenter's
        // default, after 0 s) would remove the drained node and repack the rest while the DaemonSet counts its nodes.
        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new { spec = new { disruption = new { consolidateAfter = "Never" } } }, V1Patch.PatchType.MergePatch),
            "provisioning.extender.io", "v1alpha1", "nodepools", "default");
        var deployment = WorkloadCluster.Deployment("web", Replicas);
        deployment.Metadata.NamespaceProperty = "default";
        deployment.Spec.Template.Spec.SchedulerName = DefaultResources.SchedulerName;
        deployment.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("256Mi") },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default");

        // 1. Provisioned, scheduled and Running.
        await UntilAsync(() => RunningPods(run).Count == Replicas, $"{Replicas} running pods");
        output.WriteLine($"{Replicas} running after {clock.Elapsed.TotalSeconds:F1} s on {run.Nodes.Count} nodes");
        var nodes = run.Nodes.Select(n => (string)n["metadata"]!["name"]!).ToHashSet(StringComparer.Ordinal);
        Assert.All(RunningPods(run), p => Assert.Contains(p.Spec.NodeName, nodes));
        Assert.NotEmpty(run.Instances);

        // 2. Fifty deleted pods come back as fifty new ones, all Running.
        var original = RunningPods(run);
        clock.Restart();
        foreach (var pod in original.Take(50))
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default");
        }

        var originalUids = original.Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        await UntilAsync(() => RunningPods(run) is var pods && pods.Count == Replicas && pods.Count(p => !originalUids.Contains(p.Metadata.Uid)) == 50, "50 running replacements");
        Assert.Equal(Replicas, AllPods(run).Count(p => p.Metadata.DeletionTimestamp is null)); // the deleted ones may still be Terminating
        output.WriteLine($"50 replacements running after {clock.Elapsed.TotalSeconds:F1} s");

        // 3. A drain of the fullest node, against a budget of at most two unavailable.
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget
            {
                Metadata = new V1ObjectMeta { Name = "web" },
                Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = MaxUnavailable, Selector = deployment.Spec.Selector },
            },
            "default");
        await UntilAsync(
            async () => (await client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", "default")).Status is { DisruptionsAllowed: MaxUnavailable, ExpectedPods: Replicas },
            "the budget's status");
        var node = RunningPods(run).GroupBy(p => p.Spec.NodeName).MaxBy(g => g.Count())!;
        Assert.True(node.Count() > MaxUnavailable, $"the fullest node has only {node.Count()} pods");
        await client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), node.Key);

        await using var invariant = await HealthyPodsInvariant.StartAsync(client, "app=web", Replicas - MaxUnavailable);
        var refusals = 0;
        clock.Restart();
        await Task.WhenAll(node.Select(async pod =>
        {
            while (true)
            {
                try
                {
                    await client.CoreV1.CreateNamespacedPodEvictionAsync(
                        new V1Eviction { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = "default" } },
                        pod.Metadata.Name,
                        "default");
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref refusals);
                    await Task.Delay(100);
                }
            }
        })).WaitAsync(Patience);

        await UntilAsync(() => RunningPods(run).Count == Replicas, $"{Replicas} running pods after the drain");
        Assert.DoesNotContain(AllPods(run), p => p.Spec.NodeName == node.Key && p.Metadata.DeletionTimestamp is null); // evicted ones may still be Terminating
        Assert.True(refusals > 0, "no eviction was refused: the budget was never tested");
        invariant.AssertHeld();
        output.WriteLine($"drained {node.Count()} pods from {node.Key} in {clock.Elapsed.TotalSeconds:F1} s with {refusals} refusals (429), invariant checked over {invariant.Events} pod events");

        // 4. A DaemonSet: a pod per node, bound by the scheduler to the node its affinity names, no capacity bought for it.
        var instances = run.Instances.Count;
        var nodeCount = run.Nodes.Count;
        await client.AppsV1.CreateNamespacedDaemonSetAsync(
            new V1DaemonSet
            {
                Metadata = new V1ObjectMeta { Name = "agent" },
                Spec = new V1DaemonSetSpec
                {
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                        Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "agent:1" }] },
                    },
                },
            },
            "default");
        await UntilAsync(() => DaemonPods(run).Count == nodeCount, "a daemon pod per node");
        await UntilAsync(() => DaemonPods(run).All(p => p.Spec.NodeName is { Length: > 0 } && p.Status?.Phase == "Running"), "the daemon pods to run");
        Assert.All(DaemonPods(run), p => Assert.Equal(Extender.Sandbox.Controllers.DaemonPods.TargetNode(p), p.Spec.NodeName));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(instances, run.Instances.Count);
    }

    private static List<V1Pod> DaemonPods(EndToEndRun run) => [.. AllPods(run).Where(p => p.Metadata.Labels?["app"] == "agent")];

    private static List<V1Pod> AllPods(EndToEndRun run) =>
        [.. run.Pods.Select(p => KubernetesJson.Deserialize<V1Pod>(p.ToJsonString()))];

    private static List<V1Pod> RunningPods(EndToEndRun run) =>
        [.. AllPods(run).Where(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null)];

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.False(limit.IsCancellationRequested, $"gave up waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
