using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class ProvisioningPipelineTests
{
    private static List<Pod> Pods(int count, string cpu = "500m", string memory = "1Gi", string prefix = "web") =>
        [.. Enumerable.Range(0, count).Select(i => new PodBuilder($"{prefix}-{i}").Uid($"{prefix}-{i}").Cpu(cpu).Memory(memory).MarkedUnschedulable().Build())];

    [Fact]
    public async Task ProvisionAsync_HundredPendingPods_EveryPodLandsOnItsReservedNode()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var pods = Pods(100);
        harness.AddPendingPods(pods);

        await harness.ProvisionQueuedAsync();

        var claims = harness.Store.Claims;
        Assert.NotEmpty(claims);
        Assert.Equal(claims.Count, harness.Capacity.Launches.Count);
        Assert.Equal(claims.Count, harness.Capacity.LiveInstances.Count);
        Assert.All(claims, c => Assert.True(c.IsLaunched));
        Assert.Equal(100, claims.Sum(c => c.ReservedFor.Count));
        Assert.Equal(100, harness.Ledger.Current.Count);

        harness.BootNodes();
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.All(harness.Store.Claims, c => Assert.True(c.IsRegistered));
        foreach (var pod in pods)
        {
            var node = harness.Schedule(pod);
            Assert.NotNull(node);
            Assert.True(harness.Ledger.Current.IsReservedOn(pod.Uid, node), $"{pod.Key} went to {node}, not its reserved node");
            harness.Bind(pod, node);
        }

        Assert.Equal(0, harness.Ledger.Current.Count);
    }

    [Fact]
    public async Task ProvisionAsync_PreferredPoolNotReady_NoClaimFromItAndTheOtherPoolIsUsed()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var control = harness.Worlds.Control;
        control.NodePools = [ProvisioningHarness.Pool() with { Name = "preferred", Weight = 100 }, ProvisioningHarness.Pool() with { Name = "fallback", Weight = 10 }];
        control.NotReady.Add("preferred");
        harness.AddPendingPods(Pods(4));

        await harness.ProvisionQueuedAsync();

        Assert.NotEmpty(harness.Store.Claims);
        Assert.All(harness.Store.Claims, c => Assert.Equal("fallback", c.NodePool));
        Assert.Equal(harness.Store.Claims.Count, harness.Capacity.Launches.Count);
    }

    [Fact]
    public async Task Schedule_CompetingPodBeforeReservedPodsBind_RefusedTheReservedNode()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.xlarge"])));
        harness.AddPendingPods(Pods(3, cpu: "1"));
        await harness.ProvisionQueuedAsync();
        harness.BootNodes();
        var stranger = new PodBuilder("batch-0").Uid("batch-0").Cpu("2").Build();

        var refused = harness.Schedule(stranger);
        var fitsWithoutReservations = NodeFit.Evaluate(stranger, harness.Cluster.Current.Nodes[0], harness.Cluster.Current).Fits;
        harness.Bind(harness.Cluster.Current.FindPod("web-0")!, harness.Cluster.Current.Nodes[0].Node.Name);
        foreach (var uid in new[] { "web-1", "web-2" })
        {
            harness.Cluster.DeletePod(uid);
            harness.Get<PodWatchSource>().OnPodDeleted(uid);
        }

        Assert.True(fitsWithoutReservations);
        Assert.Null(refused);
        Assert.Equal(harness.Cluster.Current.Nodes[0].Node.Name, harness.Schedule(stranger));
    }

    [Fact]
    public async Task OnPodChanged_ReservedPodBindsElsewhere_FreesItsShareOnly()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.xlarge"])));
        var pods = Pods(2, cpu: "1");
        harness.AddPendingPods(pods);
        await harness.ProvisionQueuedAsync();
        var node = harness.BootNodes().Single().Name;
        var heldBefore = harness.Ledger.Current.HeldForOthers(node, "stranger", ClusterSnapshot.Empty);

        harness.Bind(pods[0], "some-other-node");

        var heldAfter = harness.Ledger.Current.HeldForOthers(node, "stranger", ClusterSnapshot.Empty);
        Assert.Equal(heldBefore.Subtract(pods[0].Requests), heldAfter);
        Assert.True(harness.Ledger.Current.Holds(pods[1].Uid));
    }

    [Fact]
    public async Task ProvisionAsync_PodReportedAgainWhileCapacityBoots_NotPlannedTwice()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var pods = Pods(5);
        harness.AddPendingPods(pods);
        await harness.ProvisionQueuedAsync();
        var launches = harness.Capacity.Launches.Count;

        harness.AddPendingPods(pods);
        harness.Channel.TryWrite(new UnschedulablePod(pods[0], new Dictionary<string, string> { ["n1"] = "Insufficient cpu" }, harness.Time.GetUtcNow()));
        await harness.ProvisionQueuedAsync();

        Assert.Equal(launches, harness.Capacity.Launches.Count);
    }

    [Fact]
    public async Task ProvisionAsync_RoomLeftOnClaimInFlight_AddsToReservedForWithoutLaunch()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.2xlarge"])));
        harness.AddPendingPods(Pods(1, prefix: "first"));
        await harness.ProvisionQueuedAsync();

        harness.AddPendingPods(Pods(2, prefix: "second"));
        await harness.ProvisionQueuedAsync();

        var claim = Assert.Single(harness.Store.Claims);
        Assert.Single(harness.Capacity.Launches);
        Assert.Equal(["first-0", "second-0", "second-1"], claim.ReservedFor.Select(r => r.Pod.Uid).Order(StringComparer.Ordinal));
        Assert.Contains(harness.Events.Events, e => e.Pod.Uid == "second-1" && e.Reason == "CapacityReserved" && e.Message.Contains(claim.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProvisionAsync_PreviousLaunchStillInFlight_NextBatchPlannedOntoItsClaimWithoutWaiting()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.2xlarge"])));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Capacity.LaunchGate = (_, token) => release.Task.WaitAsync(token);
        harness.AddPendingPods(Pods(1, cpu: "1", prefix: "first"));
        await harness.PlanQueuedAsync();

        harness.AddPendingPods(Pods(2, cpu: "1", prefix: "second"));
        await harness.PlanQueuedAsync();
        var launchedWhilePlanning = harness.Store.Claims.Any(c => c.IsLaunched);
        release.SetResult();
        await harness.ProvisionQueuedAsync();

        Assert.False(launchedWhilePlanning);
        var claim = Assert.Single(harness.Store.Claims);
        Assert.Single(harness.Capacity.Launches);
        Assert.True(claim.IsLaunched);
        Assert.Equal(["first-0", "second-0", "second-1"], claim.ReservedFor.Select(r => r.Pod.Uid).Order(StringComparer.Ordinal));
        var known = harness.Registry.Find(claim.Name)!;
        Assert.True(known.IsLaunched);
        Assert.Equal(3, known.ReservedFor.Count);
    }

    [Fact]
    public async Task ProvisionAsync_FirstChoiceHasNoCapacity_LaunchFallsBackToNextOption()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(
            new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.xlarge", "m6i.xlarge"]), new NodeSelectorRequirement(WellKnownLabels.Zone, "In", ["us-east-1a"])));
        var catalog = DefaultCatalog.Load();
        var cheapest = new[] { "m7i.xlarge", "m6i.xlarge" }
            .OrderBy(t => catalog.Find(t)!.Offerings.Single(o => o.Zone == "us-east-1a" && o.CapacityType == CapacityTypes.OnDemand).PricePerHour)
            .First();
        harness.Capacity.RemoveCapacity(cheapest, "us-east-1a");
        harness.AddPendingPods(Pods(2, cpu: "1"));

        await harness.ProvisionQueuedAsync();

        var request = Assert.Single(harness.Capacity.Launches);
        Assert.Equal(cheapest, request.Options[0].InstanceType);
        var claim = Assert.Single(harness.Store.Claims);
        Assert.Equal(request.Options[1].InstanceType, claim.Status.InstanceType);
        Assert.Equal(2, claim.ReservedFor.Count);
    }

    [Fact]
    public async Task ProvisionAsync_EveryOptionInZoneHasNoCapacity_ReplansIntoAnotherZoneInSameBatch()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", ["m7i.xlarge"])));
        foreach (var zone in new[] { "us-east-1a", "us-east-1b" })
        {
            harness.Capacity.RemoveCapacity("m7i.xlarge", zone);
        }

        harness.AddPendingPods(Pods(2, cpu: "1"));
        await harness.ProvisionQueuedAsync();

        var instance = Assert.Single(harness.Capacity.LiveInstances);
        var claim = Assert.Single(harness.Store.Claims);
        Assert.Equal(instance.ProviderId, claim.Status.ProviderId);
        Assert.Equal("us-east-1c", claim.Status.Zone);
        Assert.Equal(3, harness.Capacity.Launches.Count);
        Assert.Equal(2, harness.Ledger.Current.OnClaim(claim.Name)!.Pods.Count);
    }
}
