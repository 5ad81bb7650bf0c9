using System.Diagnostics;
using Extender.Demo;
using Extender.Sandbox.Sqs;
using Extender.Tests.Disruption;
using Extender.Tests.EndToEnd;
using Extender.Tests.Sandbox.Controllers;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Extender.Tests.Interruption;

/// <summary>
/// Spot interruption through the whole demo stack with the shipped configuration plus the queue option: the sandbox
/// EC2 sends the warning to the sandbox SQS queue and reclaims the instance after the (scaled) notice; the real
/// sidecar reads it through AWSSDK.SQS, deletes the NodeClaim, the termination finalizer drains the node through the
/// Eviction API and the Deployment's pods come back on new capacity. Before the deletion, room is planned, launched and
/// held for the node's pods (reserve before evict), and the eviction waits until it is Ready or the notice's deadline.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SpotInterruptionEndToEndTests(ITestOutputHelper output)
{
    private const string Queue = "sandbox-interruptions";
    private const string CustomResource = "provisioning.extender.io/v1alpha1";
    private static readonly TimeSpan Notice = TimeSpan.FromSeconds(20); // EC2's 120 s scaled by 1/6; boot 1 s
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // Two-vCPU nodes and 1.5-vCPU pods: one pod per node. Spot is cheaper, so every node is spot.
    private const string Scenario = """
        bootSeconds: 1
        spotDiscount: 0.35
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
                - {key: provisioning.extender.io/capacity-type, operator: In, values: [spot, on-demand]}
                - {key: kubernetes.io/arch, operator: In, values: [amd64]}
                - {key: provisioning.extender.io/instance-cpu, operator: In, values: ["2"]}
        """;

    // Two of three nodes; then a mass interruption, half of ten nodes at once, whose replacements are planned together.
    [Theory]
    [InlineData(3, 2)]
    [InlineData(10, 5)]
    public async Task SpotWarning_ClaimDeletedAndDrained_PodsRunningElsewhereBeforeReclaim_OfferingNotBoughtAgain(int pods, int interrupted)
    {
        SandboxSqsServer? sqs = null;
        await using var run = await EndToEndRun.StartAsync(Scenario, environment =>
        {
            sqs = SandboxSqsServer.StartAsync(TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
            sqs.CreateQueue(Queue);
            environment.ExtraSidecarSettings["Interruption:QueueName"] = Queue;
            environment.ExtraSidecarSettings["Interruption:EndpointOverride"] = sqs.Url.ToString();
            environment.ExtraSidecarSettings["Replacement:InterruptionNotice"] = Notice.ToString();
        });
        await using var queue = sqs!;
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", pods), "default");
        await UntilAsync(() => RunningPods(run, "web", except: []) == pods, $"{pods} running pods");

        // Real interruptions come minutes after a launch, once the claims' registration is written.
        await UntilAsync(() => run.Environment.Api.List(CustomResource, "NodeClaim").All(c => c["status"]?["nodeName"] is not null), "every claim registered");
        var victims = run.Instances.Where(i => i.State == "running").Take(interrupted).ToList();
        Assert.All(victims, v => Assert.Equal("spot", v.CapacityType));
        var victimNodes = run.Nodes.Where(n => victims.Any(v => (string?)n["spec"]?["providerID"] == v.ProviderId)).Select(n => (string)n["metadata"]!["name"]!).ToHashSet();
        var instancesBefore = run.Instances.Select(i => i.InstanceId).ToHashSet();
        var nodesBefore = run.Nodes.Select(n => (string)n["metadata"]!["name"]!).ToHashSet();

        var interrupter = new SpotInterrupter(run.Environment.Ec2, queue, Queue, TimeProvider.System) { Notice = Notice };
        var noticeAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var reclaimed = new List<int>();
        await Task.WhenAll(victims.Select(async v =>
        {
            await Task.Delay(Notice);
            // Counted at the moment of the reclaim: the pods already Running on capacity that is not being taken back.
            lock (reclaimed)
            {
                reclaimed.Add(RunningPods(run, "web", except: victimNodes));
            }

            run.Environment.Ec2.Reclaim(v.InstanceId);
        }).Append(Task.Run(() => Array.ForEach([.. victims], v => queue.Send(Queue, interrupter.Warning(v.InstanceId, noticeAt))))));

        var replacements = run.Instances.Where(i => !instancesBefore.Contains(i.InstanceId)).OrderBy(i => i.LaunchTime).ToList();
        var launchDelays = replacements.Select(i => (i.LaunchTime - noticeAt).TotalMilliseconds).Order().ToList();
        var firstReceipt = queue.Receipts.Min();
        var afterReceipt = replacements.Select(i => (i.LaunchTime - firstReceipt).TotalMilliseconds).Order().ToList();
        var evictions = run.Environment.Api.Audit.Count(a => a is { Verb: "create", Resource: "pods", Subresource: "eviction" });
        var moved = run.Pods.Where(p => (string?)p["metadata"]?["labels"]?["app"] == "web").Select(p => (string?)p["spec"]?["nodeName"]).OfType<string>().Where(node => !nodesBefore.Contains(node)).ToList();
        var onHeld = moved.Count(node => DisruptionSandbox.HeldForReplacement(run, node));
        output.WriteLine($"notice {Notice.TotalSeconds:F0} s for {victims.Count} spot nodes: replacements launched {string.Join(", ", launchDelays.Select(d => $"{d:F0} ms"))} after the notice (p50 {launchDelays.ElementAtOrDefault(launchDelays.Count / 2):F0} ms), {string.Join(", ", afterReceipt.Select(d => $"{d:F0} ms"))} after the sidecar received the first warning; " +
            $"pods Running elsewhere at each reclaim: {string.Join(", ", reclaimed)} of {pods}; evictions {evictions}; moved pods on the node held for them {onHeld}/{victims.Count}; messages deleted {queue.Deleted}/{queue.Sent}");

        Assert.Equal(victims.Count, queue.Deleted);
        Assert.All(reclaimed, running => Assert.Equal(pods, running));
        // One replacement per interrupted node: the evicted pods' new pods take the slots, so nothing is bought twice.
        Assert.Equal(victims.Count, replacements.Count);

        // Reserve before evict: the replacements are bought when the warning is read, not after the eviction (a wide
        // bound for a shared machine; the output shows the measured delays), and each moved pod took the room held for it.
        Assert.True(afterReceipt[afterReceipt.Count / 2] < 5000, $"replacement launches {string.Join(", ", afterReceipt)} ms after the first receipt");
        Assert.True(afterReceipt[victims.Count - 1] < 10000, $"replacement launches {string.Join(", ", afterReceipt)} ms after the first receipt");
        Assert.Equal(victims.Count, onHeld);
        Assert.True(evictions >= victims.Count, $"{evictions} evictions");
        // The interrupted offerings are avoided for 3 minutes: no replacement on the same type, zone and capacity type.
        Assert.DoesNotContain(replacements, r => victims.Any(v => (v.InstanceType, v.Zone, v.CapacityType) == (r.InstanceType, r.Zone, r.CapacityType)));
        await UntilAsync(() => victims.All(v => !run.Environment.Api.List(CustomResource, "NodeClaim").Any(c => (string?)c["status"]?["providerID"] == v.ProviderId)), "the interrupted claims gone");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100));
    }

    // The pods' grace is scaled with the notice (2 s of 20 s): the eviction deadline is the notice less a pod's grace.
    private static V1Deployment Deployment(string name, int replicas)
    {
        var deployment = WorkloadCluster.Deployment(name, replicas);
        deployment.Metadata.NamespaceProperty = "default";
        deployment.Spec.Template.Spec.SchedulerName = DefaultResources.SchedulerName;
        deployment.Spec.Template.Spec.TerminationGracePeriodSeconds = 2;
        deployment.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m"), ["memory"] = new("512Mi") },
        };
        return deployment;
    }

    private static int RunningPods(EndToEndRun run, string app, HashSet<string> except) =>
        run.Pods.Select(p => KubernetesJson.Deserialize<V1Pod>(p.ToJsonString()))
            .Count(p => p.Metadata.Labels?["app"] == app && p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null && !except.Contains(p.Spec.NodeName ?? ""));

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!condition())
        {
            Assert.False(limit.IsCancellationRequested, $"gave up waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
