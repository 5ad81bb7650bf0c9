using System.Text.Json;
using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Endpoints.Candidates;
using Extender.Endpoints.Filter;
using Extender.TestKit.Builders;
using Extender.Tests.Hosting;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Endpoints;

/// <summary>Reservations as the scheduler meets them: held capacity is refused to others, and its owner is steered to it.</summary>
public sealed class ReservationEndpointTests
{
    private static readonly DateTimeOffset ReservedAt = new(2026, 7, 23, 10, 14, 2, TimeSpan.Zero);

    [Fact]
    public async Task Filter_NodeHeldForAnotherPod_IsUnresolvableWithReservedReason()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "3");

        var (status, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("rival", cpu: "2", uid: "uid-rival"), "fresh", "other"));

        Assert.Equal(200, status);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["other"], result.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(FilterVerb.ReservedReason, result.GetProperty("FailedAndUnresolvableNodes").GetProperty("fresh").GetString());
    }

    [Fact]
    public async Task Filter_PodThatFitsBesideTheHold_StillPasses()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "3");

        var (_, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("small", cpu: "500m", uid: "uid-small"), "fresh"));

        Assert.Equal(["fresh"], JsonDocument.Parse(body).RootElement.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Filter_OwnerOfTheHold_SeesItsOwnShare()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "3");

        var (_, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("owner", cpu: "3", uid: "uid-owner"), "fresh"));

        Assert.Equal(["fresh"], JsonDocument.Parse(body).RootElement.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Filter_OwnerOfTheHold_IsKeptOffOtherNodesWhileItsNodeIsACandidate()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "1");

        var (_, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("owner", cpu: "1", uid: "uid-owner"), "fresh", "other"));

        var result = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["fresh"], result.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(FilterVerb.WaitingReason, result.GetProperty("FailedAndUnresolvableNodes").GetProperty("other").GetString());
    }

    [Fact]
    public async Task Filter_OwnerWhoseCapacityIsStillBooting_WaitsForIt()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("other").Cpu("4").Memory("16Gi").Build());
        var demand = ResourceList.Of(("cpu", 1000), ("pods", 1000));
        host.Services.GetRequiredService<ReservationLedger>().Update(s => s.Reserve("claim-1", [new ReservedPod(new PodReference("default", "owner", "uid-owner"), demand, ReservedAt)]));

        var (_, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("owner", cpu: "1", uid: "uid-owner"), "other"));

        var result = JsonDocument.Parse(body).RootElement;
        Assert.Empty(result.GetProperty("NodeNames").EnumerateArray());
        Assert.Equal(FilterVerb.WaitingReason, result.GetProperty("FailedAndUnresolvableNodes").GetProperty("other").GetString());
    }

    [Fact]
    public async Task Filter_OwnerThatNoLongerFitsItsReservedNode_MayGoElsewhere()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "1");
        host.Cluster.UpsertPod(new PodBuilder("squatter").Uid("uid-squatter").Cpu("2").OnNode("fresh").Build());

        var (_, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("owner", cpu: "3", uid: "uid-owner"), "fresh", "other"));

        Assert.Equal(["other"], JsonDocument.Parse(body).RootElement.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Prioritize_OwnerOfTheHold_ScoresTenOnItsNodeAndZeroElsewhere()
    {
        await using var host = await StartWithReservationAsync(owner: "uid-owner", heldCpu: "3");

        var (_, body) = await host.PostAsync("/scheduler/prioritize", WirePayloads.WithNames(WirePayloads.Pod("owner", cpu: "3", uid: "uid-owner"), "fresh", "other"));

        var scores = JsonDocument.Parse(body).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("Host").GetString()!, e => e.GetProperty("Score").GetInt64());
        Assert.Equal(10, scores["fresh"]);
        Assert.Equal(0, scores["other"]);
    }

    [Fact]
    public async Task Filter_NodeHeldForAnEvictedPodsReplacement_RefusedToOthers_TheNewPodOfItsControllerTakesItAndIsSteeredThere()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("fresh").Cpu("4").Memory("16Gi").Build());
        host.Cluster.UpsertNode(new NodeBuilder("other").Cpu("4").Memory("16Gi").Build());
        var evicted = Controlled(WirePayloads.Pod("web", cpu: "3", uid: "uid-evicted"));
        var slot = ReplacementKey.Slot(CandidateNodes.MapPod(evicted) with { NodeName = "old" }, ReservedAt)!;
        host.Services.GetRequiredService<ReservationLedger>().Update(s => s.Reserve("claim-1", [slot]).AttachNode("claim-1", "fresh"));
        var successor = Controlled(WirePayloads.Pod("web", cpu: "3", uid: "uid-successor"));

        var (_, rivalBody) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("rival", cpu: "2", uid: "uid-rival"), "fresh", "other"));
        host.Cluster.UpsertPod(CandidateNodes.MapPod(successor));
        // What the pod watch does with a new pending pod (ReplacementGateTests drives that path).
        host.Services.GetRequiredService<ReservationLedger>().Update(s => s.Adopt(CandidateNodes.MapPod(successor)));
        var (_, successorBody) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(successor, "fresh", "other"));

        Assert.Equal(["other"], JsonDocument.Parse(rivalBody).RootElement.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["fresh"], JsonDocument.Parse(successorBody).RootElement.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>
    /// The pod watch may deliver the replacement after the scheduler first asks about it; refused its own room then,
    /// it would wait out kube-scheduler's backoff (the 4 s wait once seen in ReserveBeforeEvictEndToEndTests).
    /// </summary>
    [Theory]
    [InlineData("filter")]
    [InlineData("prioritize")]
    public async Task SchedulerAsksBeforeThePodWatchDelivers_TheReplacementTakesTheSlotAndIsSteeredThere(string verb)
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("fresh").Cpu("4").Memory("16Gi").Build());
        host.Cluster.UpsertNode(new NodeBuilder("other").Cpu("4").Memory("16Gi").Build());
        var evicted = Controlled(WirePayloads.Pod("web", cpu: "3", uid: "uid-evicted"));
        var ledger = host.Services.GetRequiredService<ReservationLedger>();
        ledger.Update(s => s.Reserve("claim-1", [ReplacementKey.Slot(CandidateNodes.MapPod(evicted) with { NodeName = "old" }, ReservedAt)!]).AttachNode("claim-1", "fresh"));
        var successor = Controlled(WirePayloads.Pod("web", cpu: "3", uid: "uid-successor"));

        var (status, body) = await host.PostAsync("/scheduler/" + verb, WirePayloads.WithNames(successor, "fresh", "other"));

        Assert.Equal(200, status);
        Assert.True(ledger.Current.IsReservedOn("uid-successor", "fresh"));
        Assert.False(ledger.Current.HasOpenSlots);
        var result = JsonDocument.Parse(body).RootElement;
        if (verb == "filter")
        {
            Assert.Equal(["fresh"], result.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        }
        else
        {
            var scores = result.EnumerateArray().ToDictionary(e => e.GetProperty("Host").GetString()!, e => e.GetProperty("Score").GetInt64());
            Assert.Equal((10, 0), (scores["fresh"], scores["other"]));
        }
    }

    private static V1Pod Controlled(V1Pod pod)
    {
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-1", Uid = "uid-rs", Controller = true }];
        return pod;
    }

    private static async Task<ExtenderTestHost> StartWithReservationAsync(string owner, string heldCpu)
    {
        var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("fresh").Cpu("4").Memory("16Gi").Build());
        host.Cluster.UpsertNode(new NodeBuilder("other").Cpu("4").Memory("16Gi").Build());
        var ledger = host.Services.GetRequiredService<ReservationLedger>();
        var demand = ResourceList.Of(("cpu", Quantity.ParseMilli(heldCpu)), ("pods", 1000));
        ledger.Update(s => s.Reserve("claim-1", [new ReservedPod(new PodReference("default", "owner", owner), demand, ReservedAt)]).AttachNode("claim-1", "fresh"));
        return host;
    }
}
