using System.Diagnostics;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Interruption;

/// <summary>
/// Spot interruption through the whole demo stack (<see cref="SpotFleet"/>): the real sidecar reads each warning through
/// AWSSDK.SQS, holds room for the node's pods and launches it at once (reserve before evict), deletes the NodeClaim, and
/// its termination finalizer drains the node through the Eviction API once that room is Ready, or at the latest when
/// the notice leaves just the pods' grace. Each test prints the issue's figures.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SpotInterruptionEndToEndTests(ITestOutputHelper output)
{
    // 20% of the spot nodes at once; then 50 nodes at once, whose replacements must all be requested within 2 s.
    [Theory]
    [InlineData(25, 5)]
    [InlineData(50, 50)]
    public async Task MassInterruption_ReplacementsPlannedTogether_PodsOnReservedCapacityBeforeReclaim(int nodes, int interrupted)
    {
        await using var fleet = await SpotFleet.StartAsync(nodes);
        var victims = fleet.Running.Take(interrupted).ToList();
        Assert.All(victims, v => Assert.Equal("spot", v.CapacityType));

        var outcome = await fleet.InterruptAsync(victims);

        output.WriteLine(outcome.Figures);
        Assert.Equal(interrupted, outcome.MessagesDeleted);
        Assert.Equal(interrupted, outcome.Moving);
        Assert.True(outcome.OnReservedPercent >= 95, outcome.Figures);
        Assert.Equal(0, outcome.EvictedBeforeReady);
        // One replacement per interrupted node: the evicted pods' new pods take the slots, so nothing is bought twice.
        Assert.Equal(interrupted, outcome.Replacements.Count);
        // The issue's targets are 200 ms (p50) and 2 s (all); the bounds leave room for a shared machine, the output has the figures.
        Assert.True(outcome.LaunchP50Ms < 1000, outcome.Figures);
        Assert.True(outcome.LastLaunchMs < 4000, outcome.Figures);
        // The interrupted offerings are avoided for 3 minutes: no replacement on the same type, zone and capacity type.
        Assert.DoesNotContain(outcome.Replacements, r => victims.Any(v => (v.InstanceType, v.Zone, v.CapacityType) == (r.InstanceType, r.Zone, r.CapacityType)));
        Assert.Equal(0, SidecarPodDeletes(fleet.Run));
    }

    // The replacement's own offering has no capacity either: every spot offering the NodePool allows answers
    // InsufficientInstanceCapacity, so the room comes from on-demand, which the NodePool also allows.
    [Fact]
    public async Task ReplacementOfferingOutOfCapacity_FallsBackToOnDemand_StillReadyBeforeEviction()
    {
        string[] types = ["t3a.micro", "t3.micro"];
        await using var fleet = await SpotFleet.StartAsync(4, scenario: SpotFleet.Scenario("- {key: node.kubernetes.io/instance-type, operator: In, values: [t3a.micro, t3.micro]}"));
        foreach (var type in types)
        {
            fleet.Run.Environment.Ec2.Faults.InsufficientCapacity(type, zone: null, "spot", TimeSpan.FromMinutes(10));
        }

        var outcome = await fleet.InterruptAsync([.. fleet.Running.Take(2)]);

        output.WriteLine(outcome.Figures + $"; replacements {string.Join(", ", outcome.Replacements.Select(r => $"{r.InstanceType} {r.Zone} {r.CapacityType}"))}");
        Assert.Equal(2, outcome.Replacements.Count);
        Assert.All(outcome.Replacements, r => Assert.Equal("on-demand", r.CapacityType));
        Assert.Equal(outcome.Moving, outcome.OnReservedAtReclaim);
        Assert.Equal(0, outcome.EvictedBeforeReady);
    }

    // A PodDisruptionBudget that lets one pod go at a time: the drain evicts one by one, each new pod Running on the room
    // held for it before the next eviction is allowed, and the budget is never short (sampled every 50 ms).
    [Fact]
    public async Task PodDisruptionBudgetOfOne_EvictionsOneAtATime_NoViolation()
    {
        await using var fleet = await SpotFleet.StartAsync(6);
        var client = fleet.Run.Environment.Client;
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget { Metadata = new V1ObjectMeta { Name = SpotFleet.App }, Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = Selector(SpotFleet.App) } }, "default");
        await UntilAsync(() => Pdb(fleet)?["status"]?["disruptionsAllowed"] is { } allowed && (int)allowed == 1, "the budget's status", TimeSpan.FromSeconds(30));
        var violations = 0;
        var samples = 0;

        var outcome = await fleet.InterruptAsync([.. fleet.Running.Take(3)], () =>
        {
            var status = Pdb(fleet)?["status"];
            samples++;
            violations += status?["currentHealthy"] is { } healthy && status["desiredHealthy"] is { } desired && (int)healthy < (int)desired ? 1 : 0;
        });

        var evicted = outcome.EvictedAt.Values.Order().ToList();
        output.WriteLine(outcome.Figures + $"; evicted at {string.Join(", ", evicted.Select(t => $"{t.TotalSeconds:F1} s"))} after the notice; PodDisruptionBudget short in {violations} of {samples} samples");
        Assert.Equal(0, violations);
        Assert.Equal(3, evicted.Count);
        Assert.Equal(outcome.Moving, outcome.OnReservedAtReclaim);
        Assert.Equal(0, outcome.EvictedBeforeReady);
        Assert.Equal(0, SidecarPodDeletes(fleet.Run));
    }

    // A pod whose grace (5 s of the 12 s notice) is long and whose replacement is slow (EC2 answers 8 s late): it is
    // evicted at the deadline, notice + 12 s - 5 s - 1 s margin = 6 s, not when its room is Ready, so its grace ends
    // before the reclaim.
    [Fact]
    public async Task LongGrace_EvictedAtTheNoticeDeadline_GraceEndsBeforeTheReclaim()
    {
        const int grace = 5;
        var deadline = SpotFleet.Notice - TimeSpan.FromSeconds(grace) - SpotFleet.Margin;
        await using var fleet = await SpotFleet.StartAsync(2, grace);
        var victim = fleet.Running[0];
        var pod = RunningPods(fleet.Run, SpotFleet.App).Single(p => fleet.Run.Nodes.Any(n => (string?)n["metadata"]?["name"] == p.Spec.NodeName && (string?)n["spec"]?["providerID"] == victim.ProviderId));
        fleet.Run.Environment.Ec2.Faults.Latency = TimeSpan.FromSeconds(8);
        var clock = Stopwatch.StartNew();
        TimeSpan? gone = null;

        var outcome = await fleet.InterruptAsync([victim], () => gone ??= fleet.Run.Pods.Any(p => (string?)p["metadata"]?["uid"] == pod.Metadata.Uid) ? null : clock.Elapsed);

        var evictedAt = outcome.EvictedAt[pod.Metadata.Uid];
        output.WriteLine(outcome.Figures + $"; deadline {deadline.TotalSeconds:F0} s after the notice: evicted at {evictedAt.TotalSeconds:F1} s, gone (grace {grace} s over) at {gone?.TotalSeconds:F1} s, reclaimed at {SpotFleet.Notice.TotalSeconds:F0} s");
        // Not before the deadline (its room was not Ready), and not later than the deadline plus a poll and a sample.
        Assert.InRange(evictedAt, deadline - TimeSpan.FromSeconds(0.5), deadline + TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, outcome.EvictedBeforeReady);
        Assert.True(gone < SpotFleet.Notice, $"the pod was gone at {gone}, after the reclaim at {SpotFleet.Notice}");
        Assert.Contains(Events(fleet.Run), e => (string?)e["reason"] == "ReplacementNotReady");
        Assert.Equal(0, SidecarPodDeletes(fleet.Run));
    }

    // An AWS Health scheduled change (an instance retirement) is handled like drift, before its start time: room held,
    // then evictions once it is Ready, every pod on that room when the instance goes.
    [Fact]
    public async Task HealthScheduledChange_PodsOnReservedCapacityBeforeTheStartTime()
    {
        await using var fleet = await SpotFleet.StartAsync(4);

        var outcome = await fleet.InterruptAsync([.. fleet.Running.Take(2)], message: (instance, now) => SpotFleet.ScheduledChange(instance, now, now + SpotFleet.Notice));

        output.WriteLine("scheduled change, start time = the notice: " + outcome.Figures);
        Assert.Equal(2, outcome.Moving);
        Assert.Equal(outcome.Moving, outcome.OnReservedAtReclaim);
        Assert.Equal(0, outcome.EvictedBeforeReady);
        Assert.Equal(2, outcome.Replacements.Count);
        Assert.Contains(Events(fleet.Run), e => (string?)e["reason"] == "ScheduledChange");
        Assert.Equal(0, SidecarPodDeletes(fleet.Run));
    }

    private static System.Text.Json.Nodes.JsonObject? Pdb(SpotFleet fleet) => fleet.Run.Environment.Api.List("policy/v1", "PodDisruptionBudget").SingleOrDefault();
}
