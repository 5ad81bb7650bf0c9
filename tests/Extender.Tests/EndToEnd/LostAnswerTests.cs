using Extender.Demo;
using Extender.Sandbox.Kubernetes;
using Extender.Tests.Sandbox.Controllers;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// Requests whose answer never arrives, as when a connection to the API server drops: the claim was created, its
/// status written or the pod bound, but the sidecar heard only a reset. Nothing may be lost or bought twice: every pod
/// runs, every claim has exactly one instance, and no instance is left without a claim. Without the lifecycle's
/// adoption of claims it never heard were created, two pods keep a reservation on a claim nobody launches.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LostAnswerTests(ITestOutputHelper output)
{
    private const int Replicas = 60;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClaimCreatesStatusWritesAndBindingsWhoseAnswersAreLost_EveryPodRunsAndNothingIsBoughtTwice()
    {
        await using var run = await EndToEndRun.StartAsync("bootSeconds: 1\nwaves: []\n");
        var api = run.Environment.Api;
        // First match first: two creates applied without an answer, then one refused before it is read.
        api.InjectFault(new Fault("POST", "/nodeclaims", 0, Times: 2) { Reset = FaultReset.AfterHandling });
        api.InjectFault(new Fault("POST", "/nodeclaims", 0, Times: 1) { Reset = FaultReset.BeforeHandling });
        api.InjectFault(new Fault("PUT", "/nodeclaims/", 0, Times: 2) { Reset = FaultReset.AfterHandling });
        api.InjectFault(new Fault("POST", "/binding", 0, Times: 3) { Reset = FaultReset.AfterHandling });
        var deployment = WorkloadCluster.Deployment("web", Replicas);
        deployment.Spec.Template.Spec.SchedulerName = DefaultResources.SchedulerName;
        deployment.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("512Mi") },
        };

        await run.Environment.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (RunningPods(run) < Replicas && clock.Elapsed < Patience)
        {
            await Task.Delay(500);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1}s: {RunningPods(run)} running, unlaunched claims: {string.Join(" ", api.List("provisioning.extender.io/v1alpha1", "NodeClaim").Where(c => c["status"]?["providerID"] is null).Select(c => c["metadata"]!["name"]))}");
        }

        Assert.Equal(Replicas, RunningPods(run));
        var claims = api.List("provisioning.extender.io/v1alpha1", "NodeClaim");
        var providerIds = claims.Select(c => (string?)c["status"]?["providerID"]).ToList();
        var running = run.Instances.Where(i => i.State == "running").ToList();
        output.WriteLine($"{claims.Count} claims, {running.Count} running instances, {run.Nodes.Count} nodes");
        Assert.DoesNotContain(null, providerIds);
        Assert.Equal(providerIds.Order(StringComparer.Ordinal), running.Select(i => i.ProviderId).Order(StringComparer.Ordinal));
    }

    private static int RunningPods(EndToEndRun run) =>
        run.Pods.Count(p => (string?)p["status"]?["phase"] == "Running" && p["metadata"]?["deletionTimestamp"] is null);
}
