using System.Net;
using System.Text.Json.Nodes;
using Extender.Sandbox.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>The controllers and the kubelet's pod half against the sandbox API server, through the real KubernetesClient.</summary>
public sealed class WorkloadControllerTests
{
    [Fact]
    public async Task Deployment_CreatesHashedReplicaSetAndOwnedPods_WhichRunOnceBound()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        var deployment = await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(WorkloadCluster.Deployment("web", 5), "default");

        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count == 5, "five pods");
        var rs = Assert.Single((await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items);
        var hash = rs.Metadata.Labels[PodTemplateHash.Label];
        Assert.Equal("web-" + hash, rs.Metadata.Name);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels[PodTemplateHash.Label]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels[PodTemplateHash.Label]);
        var rsOwner = Assert.Single(rs.Metadata.OwnerReferences);
        Assert.Equal(("Deployment", deployment.Metadata.Uid, true), (rsOwner.Kind, rsOwner.Uid, rsOwner.Controller));
        Assert.All(await cluster.PodsAsync("web"), pod =>
        {
            Assert.StartsWith(rs.Metadata.Name + "-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(rs.Metadata.Name + "-", pod.Metadata.GenerateName);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("ReplicaSet", rs.Metadata.Uid, true), (owner.Kind, owner.Uid, owner.Controller));
            Assert.Equal(hash, pod.Metadata.Labels[PodTemplateHash.Label]);
        });

        await cluster.BindAllAsync("web");
        await SchedulerHarness.UntilAsync(() => cluster.AllRunningAsync("web", 5), "five running pods");
        var running = (await cluster.PodsAsync("web"))[0];
        Assert.Equal("10.1.2.3", running.Status.HostIP);
        Assert.NotNull(running.Status.PodIP);
        Assert.NotNull(running.Status.StartTime);
        foreach (var type in (string[])["PodScheduled", "Initialized", "ContainersReady", "Ready"])
        {
            Assert.Contains(running.Status.Conditions, c => c.Type == type && c.Status == "True" && c.LastTransitionTime is not null);
        }

        var container = Assert.Single(running.Status.ContainerStatuses);
        Assert.True(container.Ready && container.Started == true && container.State.Running is not null);

        await SchedulerHarness.UntilAsync(
            async () => (await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Status is { Replicas: 5, ReadyReplicas: 5, AvailableReplicas: 5, UpdatedReplicas: 5 },
            "the deployment's status to count five available pods");
        var status = (await cluster.Client.AppsV1.ReadNamespacedReplicaSetAsync(rs.Metadata.Name, "default")).Status;
        Assert.Equal((5, 5, 5), (status.Replicas, status.ReadyReplicas, status.AvailableReplicas));
    }

    [Fact]
    public async Task ReplicaSet_DeletedPods_AreReplacedAndScaleDownDeletesTheUnboundFirst()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(WorkloadCluster.Deployment("web", 6), "default");
        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count == 6, "six pods");
        await cluster.BindAllAsync("web");
        await SchedulerHarness.UntilAsync(() => cluster.AllRunningAsync("web", 6), "six running pods");

        var before = await cluster.PodsAsync("web");
        foreach (var pod in before.Take(3))
        {
            await cluster.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default");
        }

        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count(p => before.All(b => b.Metadata.Uid != p.Metadata.Uid)) == 3, "three replacements");
        await Task.Delay(300);
        Assert.Equal(6, (await cluster.PodsAsync("web")).Count);

        // Scaling to 4 deletes the two unbound replacements before any running pod.
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":4}}""", V1Patch.PatchType.MergePatch), "web", "default");
        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count == 4, "four pods");
        Assert.Equal(3, (await cluster.PodsAsync("web")).Count(p => p.Status?.Phase == "Running"));
    }

    [Fact]
    public async Task Deployment_TemplateChange_RollsWithinSurgeAndUnavailability()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(WorkloadCluster.Deployment("web", 4), "default");
        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count == 4, "four pods");
        await cluster.BindAllAsync("web");
        await SchedulerHarness.UntilAsync(() => cluster.AllRunningAsync("web", 4), "four running pods");

        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""", V1Patch.PatchType.MergePatch), "web", "default");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var live = await cluster.PodsAsync("web");

            // 25% of 4: at most one pod over, at most one short of ready (maxSurge rounds up, maxUnavailable down).
            Assert.InRange(live.Count, 0, 5);
            if (live.Count == 4 && live.All(p => p.Spec.Containers[0].Image == "nginx:1.28" && p.Status?.Phase == "Running"))
            {
                break;
            }

            await cluster.BindAllAsync("web");
            Assert.False(limit.IsCancellationRequested, "the rollout did not finish");
            await Task.Delay(50);
        }

        var sets = (await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync("default")).Items;
        Assert.Equal(2, sets.Count);
        Assert.Equal([0, 4], sets.Select(s => s.Spec.Replicas ?? 0).Order());
    }

    [Fact]
    public async Task Eviction_SpendsTheBudgetThenAnswers429WithUpstreamsMessage()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(WorkloadCluster.Deployment("web", 3), "default");
        await cluster.Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget
            {
                Metadata = new V1ObjectMeta { Name = "web" },
                Spec = new V1PodDisruptionBudgetSpec { MinAvailable = 2, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } },
            },
            "default");
        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("web")).Count == 3, "three pods");
        await cluster.BindAllAsync("web");
        await SchedulerHarness.UntilAsync(
            async () => (await cluster.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", "default")).Status is { CurrentHealthy: 3, DesiredHealthy: 2, ExpectedPods: 3, DisruptionsAllowed: 1 },
            "the budget to allow one disruption");

        var pods = await cluster.PodsAsync("web");

        // A server-side dry run decides without spending the budget or deleting the pod.
        await cluster.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0].Metadata.Name, "default", dryRun: "All");
        Assert.Equal(1, (await cluster.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", "default")).Status.DisruptionsAllowed);
        Assert.Equal(3, (await cluster.PodsAsync("web")).Count);

        await cluster.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[0]), pods[0].Metadata.Name, "default");
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1].Metadata.Name, "default"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Response.StatusCode);
        var body = JsonNode.Parse(refused.Response.Content)!;
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", (string?)body["message"]);
        Assert.Equal("TooManyRequests", (string?)body["reason"]);
        var cause = body["details"]!["causes"]![0]!;
        Assert.Equal("DisruptionBudget", (string?)cause["reason"]);
        // The count is the status's at the time: 3 until the disruption controller has seen the first eviction.
        Assert.Matches("^The disruption budget web needs 2 healthy pods and has [23] currently$", (string?)cause["message"]);
        Assert.Equal(2, (await cluster.PodsAsync("web")).Count(p => p.Metadata.Uid != pods[0].Metadata.Uid && pods.Any(o => o.Metadata.Uid == p.Metadata.Uid)));

        // The replacement runs, the budget allows one again.
        await cluster.BindAllAsync("web");
        await SchedulerHarness.UntilAsync(
            async () => (await cluster.Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", "default")).Status.DisruptionsAllowed == 1,
            "the replacement to make room again");
        await cluster.Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pods[1]), pods[1].Metadata.Name, "default");
    }

    [Fact]
    public async Task GracefulDeletion_KubeletRemovesThePodWhenItsContainersStop()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "slow", Annotations = new Dictionary<string, string> { [Extender.Sandbox.Kubelet.PodAnnotations.StopAfter] = "3s" } },
                Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "app", Image = "busybox" }] },
            },
            "default");
        await SchedulerHarness.UntilAsync(async () => (await cluster.Client.CoreV1.ReadNamespacedPodAsync("slow", "default")).Status?.Phase == "Running", "the pod to run");

        // What the API server does for a DELETE of a running pod with a 30 s grace period.
        var pod = cluster.Api.List("v1", "Pod").Single();
        var requested = DateTimeOffset.UtcNow;
        pod["metadata"]!["deletionTimestamp"] = requested.AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        pod["metadata"]!["deletionGracePeriodSeconds"] = 30;
        cluster.Api.Upsert(pod);

        await SchedulerHarness.UntilAsync(() => Task.FromResult(cluster.Api.List("v1", "Pod").Count == 0), "the kubelet to remove the pod");
        // Timestamps have whole seconds: the 3 s count from up to a second before the request.
        Assert.InRange(DateTimeOffset.UtcNow - requested, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(20));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(cluster.Pods.Terminated == 1), "the kubelet to count the pod it removed");
    }

    [Fact]
    public async Task Job_RunsAtMostParallelismPodsUntilCompletionsSucceed()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "batch" },
            Spec = new V1JobSpec
            {
                Parallelism = 2,
                Completions = 5,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string> { ["app"] = "batch" },
                        Annotations = new Dictionary<string, string> { [Extender.Sandbox.Kubelet.PodAnnotations.RunFor] = "300ms" },
                    },
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "work", Image = "busybox" }] },
                },
            },
        };
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default");

        var mostActive = 0;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        while ((await cluster.Client.BatchV1.ReadNamespacedJobAsync("batch", "default")).Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") != true)
        {
            var pods = await cluster.PodsAsync("batch");
            mostActive = Math.Max(mostActive, pods.Count(p => p.Status?.Phase is not ("Succeeded" or "Failed")));
            await cluster.BindAllAsync("batch");
            Assert.False(limit.IsCancellationRequested, "the job did not complete");
            await Task.Delay(50);
        }

        var status = (await cluster.Client.BatchV1.ReadNamespacedJobAsync("batch", "default")).Status;
        Assert.Equal((5, 0, 0), (status.Succeeded, status.Active, status.Failed));
        Assert.NotNull(status.CompletionTime);
        Assert.Equal(5, (await cluster.PodsAsync("batch")).Count(p => p.Status.Phase == "Succeeded"));
        Assert.InRange(mostActive, 1, 2);
        var pod = (await cluster.PodsAsync("batch"))[0];
        Assert.Equal("batch", pod.Metadata.Labels["batch.kubernetes.io/job-name"]);
        Assert.Equal("Job", pod.Metadata.OwnerReferences.Single().Kind);
        Assert.Equal(0, pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode);
    }

    [Fact]
    public async Task DaemonSet_OnePodPinnedToEachMatchingNode_WithTheAutomaticTolerations()
    {
        await using var cluster = await WorkloadCluster.StartAsync();
        var web = new Dictionary<string, string> { ["role"] = "web" };
        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"role":"web"}}}""", V1Patch.PatchType.MergePatch), "node-a");
        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-tainted", Labels = web }, Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] } });
        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-db", Labels = new Dictionary<string, string> { ["role"] = "db" } } });
        await cluster.Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-cordoned", Labels = web }, Spec = new V1NodeSpec { Unschedulable = true } });
        await cluster.Client.AppsV1.CreateNamespacedDaemonSetAsync(
            new V1DaemonSet
            {
                Metadata = new V1ObjectMeta { Name = "agent" },
                Spec = new V1DaemonSetSpec
                {
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                        Spec = new V1PodSpec { NodeSelector = web, Containers = [new V1Container { Name = "agent", Image = "agent:1" }] },
                    },
                },
            },
            "default");

        await SchedulerHarness.UntilAsync(async () => (await cluster.PodsAsync("agent")).Count == 2, "two daemon pods");
        var pods = await cluster.PodsAsync("agent");
        Assert.Equal(["node-a", "node-cordoned"], pods.Select(DaemonPods.TargetNode).Order(StringComparer.Ordinal));
        Assert.All(pods, pod =>
        {
            Assert.True(string.IsNullOrEmpty(pod.Spec.NodeName), "the scheduler, not the controller, binds daemon pods");
            var field = Assert.Single(Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms).MatchFields);
            Assert.Equal(("metadata.name", "In"), (field.Key, field.OperatorProperty));
            Assert.Contains(pod.Spec.Tolerations, t => t is { Key: "node.kubernetes.io/unschedulable", Effect: "NoSchedule", OperatorProperty: "Exists" });
            Assert.Contains(pod.Spec.Tolerations, t => t is { Key: "node.kubernetes.io/not-ready", Effect: "NoExecute" });
            Assert.Equal("DaemonSet", pod.Metadata.OwnerReferences.Single().Kind);
        });

        foreach (var pod in pods)
        {
            await cluster.Client.CoreV1.CreateNamespacedPodBindingAsync(
                new V1Binding { Metadata = new V1ObjectMeta { Name = pod.Metadata.Name }, Target = new V1ObjectReference { Kind = "Node", Name = DaemonPods.TargetNode(pod) } },
                pod.Metadata.Name,
                "default");
        }

        await SchedulerHarness.UntilAsync(
            async () => (await cluster.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default")).Status is { DesiredNumberScheduled: 2, CurrentNumberScheduled: 2, NumberReady: 2, NumberMisscheduled: 0 },
            "the daemon set's status");

        // A node that goes takes its daemon pod with it; one that starts matching gets one.
        await cluster.Client.CoreV1.DeleteNodeAsync("node-cordoned");
        await cluster.Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"role":"web"}}}""", V1Patch.PatchType.MergePatch), "node-db");
        await SchedulerHarness.UntilAsync(
            async () => (await cluster.PodsAsync("agent")).Select(DaemonPods.TargetNode).Order(StringComparer.Ordinal).SequenceEqual(["node-a", "node-db"]),
            "the daemon pods to follow the nodes");
    }

    private static V1Eviction Eviction(V1Pod pod) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "Eviction",
        Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = "default" },
    };
}
