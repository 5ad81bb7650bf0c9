using Extender.Tests.Disruption;
using Extender.Tests.EndToEnd;
using k8s;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Interruption;

/// <summary>
/// The EC2 status check through the whole demo stack with the shipped configuration, its interval and toleration
/// scaled from one and two minutes to one and two seconds: an instance whose system check fails has its NodeClaim
/// deleted, the node drained through the Eviction API, and the pod comes back on a new node; healthy nodes stay.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ImpairedInstanceEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task SystemCheckFails_ClaimReplacedThroughTheDrain_HealthyNodesKept()
    {
        await using var run = await EndToEndRun.StartAsync(OnePodPerNodeScenario("{consolidateAfter: Never}"), environment =>
        {
            environment.ExtraSidecarSettings["Interruption:StatusCheckInterval"] = "00:00:01";
            environment.ExtraSidecarSettings["Interruption:ImpairedToleration"] = "00:00:02";
        });
        await run.Environment.Client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("web", 3), "default");
        await UntilAsync(() => RunningPods(run, "web").Count() == 3, "3 running pods", Patience);
        var running = run.Instances.Where(i => i.State == "running").ToList();
        var victim = running[0];
        var impairedAt = DateTimeOffset.UtcNow;

        run.Environment.Ec2.Impair(victim.InstanceId, system: true);

        await UntilAsync(() => run.Instances.Single(i => i.InstanceId == victim.InstanceId).State == "terminated", "the impaired instance terminated", Patience);
        var terminatedAfter = DateTimeOffset.UtcNow - impairedAt;
        await UntilAsync(() => RunningPods(run, "web").Count() == 3, "3 running pods again", Patience);

        var evictions = run.Environment.Api.Audit.Count(a => a is { Verb: "create", Resource: "pods", Subresource: "eviction" });
        output.WriteLine($"impaired instance terminated {terminatedAfter.TotalSeconds:F1} s after its check failed (toleration 2 s); evictions {evictions}");
        Assert.True(evictions >= 1, $"{evictions} evictions: the node was not drained");
        Assert.Equal(0, SidecarPodDeletes(run));
        Assert.All(running.Skip(1), healthy => Assert.Equal("running", run.Instances.Single(i => i.InstanceId == healthy.InstanceId).State));
        Assert.Contains(Events(run), e => (string?)e["reason"] == "InstanceImpaired");
        Assert.DoesNotContain(Claims(run), c => (string?)c["status"]?["providerID"] == victim.ProviderId);
    }
}
