using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Demo;
using Extender.Sandbox.Kubelet;
using Extender.Sandbox.Scheduling;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>
/// The shipped install provisioning as a cluster would run it (issue 13, item 6): the Deployment's replicas from the
/// rendered manifests under RBAC, kube-scheduler's stand-in configured from the shipped ConfigMap and calling the
/// replica that does NOT hold the provisioning lease (the scheduler's lease and the provisioner's are held by
/// different pods), a kubelet that joins only nodes whose bootstrap names this cluster, pods that opt in and pods of
/// another scheduler, and the provisioning leader killed mid-run.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AsShippedProvisioningTests(ITestOutputHelper output)
{
    private const string OptedIn = "ec2-capacity-scheduler";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [KubectlFact]
    public async Task AsShipped_LeaderKilledMidRun_EveryOptedInPodOnItsReservedNodeNothingForOthersNothingLeaked()
    {
        await using var cluster = await AsShippedCluster.StartAsync(output.WriteLine);
        Assert.True(await AsShippedCluster.Eventually(() => cluster.Replicas.Count(r => r.IsLeader) == 1, TimeSpan.FromSeconds(20)), "no leader");
        var leader = cluster.Replicas.Single(r => r.IsLeader);
        var standby = cluster.Replicas.Single(r => !r.IsLeader);

        using var admin = new k8s.Kubernetes(cluster.Api.ClientConfiguration());
        cluster.Api.Upsert(DefaultResources.NodeClass());
        cluster.Api.Upsert(DefaultResources.NodePool());
        using var call = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var types = await standby.App.Services.GetRequiredService<ICapacityProvider>().GetInstanceTypesAsync(call.Token);
        using var feed = Ec2InstanceFeed.Attach(cluster.Ec2, cluster.Api);
        await using var kubelet = SimulatedKubelet.Start(admin, feed.Events, new InstanceCatalog(types), new SimulatedKubeletOptions { BootTime = TimeSpan.FromSeconds(2), Cluster = cluster.Api.Cluster });
        await using var scheduler = SandboxScheduler.Start(admin, ShippedSchedulerConfig.For(cluster.Objects, standby.Address));
        await scheduler.WaitForSyncAsync(call.Token);

        // Killed as soon as its first launches are recorded, while the nodes still boot and the pods wait for them. (A
        // launch whose answer dies with the leader leaves a node no replica can tie to its claim until the next leader
        // launches the claim again with its client token; pods reserved there may lose that room and are planned
        // again, see ReservationLost: that fault belongs to the chaos soak.)
        await CreatePodsAsync(admin, "first", 6, OptedIn, "3");
        if (!await AsShippedCluster.Eventually(() => Launched(cluster) >= 1 && Recorded(cluster), Patience))
        {
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(new Uri(leader.ProbesAddress, "/metrics"));
            output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("extender_", StringComparison.Ordinal))));
            foreach (var pod in Pods(cluster))
            {
                output.WriteLine(pod.ToJsonString());
            }

            Assert.Fail($"the leader launched {Launched(cluster)} instances");
        }

        var killedAt = Stopwatch.GetTimestamp();
        await cluster.KillAsync(leader);
        await CreatePodsAsync(admin, "second", 6, OptedIn, "3");
        await CreatePodsAsync(admin, "theirs", 3, "other-scheduler", "3");
        var tookOver = await AsShippedCluster.Eventually(() => standby.IsLeader, TimeSpan.FromSeconds(30));
        var takeover = Stopwatch.GetElapsedTime(killedAt);
        output.WriteLine($"standby took over {takeover.TotalSeconds:0.0} s after the leader was killed (lease duration 15 s)");
        Assert.True(tookOver, "the standby never took over");

        var opted = $"{OptedIn}";
        var allBound = await AsShippedCluster.Eventually(() => Pods(cluster).Where(p => (string?)p["spec"]!["schedulerName"] == opted).All(p => p["spec"]!["nodeName"] is not null), Patience);
        await Task.Delay(TimeSpan.FromSeconds(3)); // let in-flight launches and the garbage collector settle before counting instances

        var pods = Pods(cluster);
        var claims = cluster.Api.List("provisioning.extender.io/v1alpha1", "NodeClaim");
        var nodes = cluster.Api.List("v1", "Node").ToDictionary(n => (string)n["metadata"]!["name"]!, n => (string?)n["spec"]?["providerID"], StringComparer.Ordinal);
        var instances = cluster.Ec2.Instances.Where(i => i.State is "running" or "pending").ToList();
        foreach (var pod in pods)
        {
            output.WriteLine($"{pod["metadata"]!["name"]} {pod["spec"]!["schedulerName"]} -> {pod["spec"]!["nodeName"]}");
        }

        Assert.True(allBound, "opted-in pods still pending: " + string.Join(", ", pods.Where(p => (string?)p["spec"]!["schedulerName"] == OptedIn && p["spec"]!["nodeName"] is null).Select(p => p["metadata"]!["name"])));
        foreach (var pod in pods.Where(p => (string?)p["spec"]!["schedulerName"] == OptedIn))
        {
            var uid = (string)pod["metadata"]!["uid"]!;
            var providerId = nodes.GetValueOrDefault((string)pod["spec"]!["nodeName"]!);
            var reserving = claims.Where(c => ReservedFor(c).Contains(uid)).Select(c => (string?)c["status"]?["providerID"]).ToList();
            Assert.True(reserving.Contains(providerId), $"{pod["metadata"]!["name"]} is on {pod["spec"]!["nodeName"]} ({providerId}), not on a node reserved for it ({string.Join(", ", reserving)})");
        }

        var theirs = pods.Where(p => (string?)p["spec"]!["schedulerName"] == "other-scheduler").Select(p => (string)p["metadata"]!["uid"]!).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(claims, c => ReservedFor(c).Overlaps(theirs));
        Assert.All(pods.Where(p => theirs.Contains((string)p["metadata"]!["uid"]!)), p => Assert.Null(p["spec"]!["nodeName"]));

        var byClaim = instances.GroupBy(i => i.Tags.GetValueOrDefault(WellKnownLabels.NodeClaim) ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var claimNames = claims.Select(c => (string)c["metadata"]!["name"]!).ToHashSet(StringComparer.Ordinal);
        Assert.All(byClaim, pair => Assert.True(pair.Value == 1, $"claim '{pair.Key}' has {pair.Value} instances"));
        Assert.All(byClaim.Keys, claim => Assert.True(claimNames.Contains(claim), $"instance of claim '{claim}' has no claim (leaked)"));
        Assert.True(takeover < TimeSpan.FromSeconds(20), $"takeover took {takeover.TotalSeconds:0.0} s");
    }

    private static async Task CreatePodsAsync(k8s.Kubernetes client, string prefix, int count, string schedulerName, string cpu)
    {
        for (var i = 0; i < count; i++)
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"{prefix}-{i}", NamespaceProperty = "default" },
                Spec = new V1PodSpec
                {
                    SchedulerName = schedulerName,
                    Containers = [new V1Container { Name = "app", Image = "app", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("1Gi") } } }],
                },
            };
            await client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        }
    }

    private static List<JsonObject> Pods(AsShippedCluster cluster) => [.. cluster.Api.List("v1", "Pod", "default")];

    private static int Launched(AsShippedCluster cluster) => cluster.Ec2.Instances.Count;

    /// <summary>Every instance bought so far is written on its claim.</summary>
    private static bool Recorded(AsShippedCluster cluster)
    {
        var recorded = cluster.Api.List("provisioning.extender.io/v1alpha1", "NodeClaim").Select(c => (string?)c["status"]?["providerID"]).ToHashSet(StringComparer.Ordinal);
        return cluster.Ec2.Instances.All(i => recorded.Contains(i.ProviderId));
    }

    private static HashSet<string> ReservedFor(JsonObject claim) =>
        ((claim["spec"]?["reservedFor"] as JsonArray) ?? []).Select(r => (string)r!["uid"]!).ToHashSet(StringComparer.Ordinal);
}
