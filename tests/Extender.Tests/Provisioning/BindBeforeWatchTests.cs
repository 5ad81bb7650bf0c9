using System.Text.Json;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Endpoints.Filter;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using Extender.Tests.Endpoints;
using Extender.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Provisioning;

/// <summary>
/// The stragglers of the 10,000-pod bursts (issue 24), at the scale of one node. A node bought for two pods is full
/// with their holds; the extender binds the first, and under load the pod watch shows that binding seconds later. The
/// bind verb used to release the pod's hold as soon as the binding was created, so for those seconds its room was
/// counted neither as held nor as usage: creation-time detection left new pods to kube-scheduler on it (a traced 5,000-
/// pod run: 8 pods on a node whose 63 owners filled it), those pods were found unschedulable only when a rescan or
/// kube-scheduler got to them 25–60 s later, and capacity was bought for them one by one. The hold must last until the
/// watch shows the binding, whose usage then takes its place.
/// </summary>
public sealed class BindBeforeWatchTests
{
    private static readonly DateTimeOffset ReservedAt = new(2026, 7, 23, 10, 14, 2, TimeSpan.Zero);

    [Fact]
    public async Task OwnerBoundThroughTheExtender_WatchNotCaughtUp_ItsRoomIsNeitherLeftToANewPodNorOfferedToIt()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("n1").Cpu("1").Memory("4Gi").Build());
        var owners = new[] { Pending("owner-1"), Pending("owner-2") };
        foreach (var owner in owners)
        {
            host.Cluster.UpsertPod(owner);
        }

        var ledger = host.Services.GetRequiredService<ReservationLedger>();
        ledger.Update(s => s.Reserve("claim-1", owners.Select(Share)).AttachNode("claim-1", "n1"));

        var (_, bound) = await host.PostAsync("/scheduler/bind", """{"PodName":"owner-1","PodNamespace":"default","PodUID":"owner-1","Node":"n1"}""");
        Assert.Equal("""{"Error":""}""", bound);
        Assert.Single(host.Binder.Bindings);

        // The watch has not delivered the binding: n1 shows no usage, yet both of its 500m slots are taken.
        var late = Pending("late");
        host.Cluster.UpsertPod(late);
        // Detection as the sidecar wires it, on the extender's own cluster picture and ledger.
        var detection = Options.Create(new DetectionOptions());
        var left = new LeftToScheduler(detection, host.Time);
        var existing = new ExistingCapacity(host.Cluster, ledger, left);
        Assert.False(existing.LeaveToScheduler(late));
        var (_, filtered) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("late", cpu: "500m", memory: "1Gi", uid: "late"), "n1"));
        Assert.Equal(FilterVerb.ReservedReason, JsonDocument.Parse(filtered).RootElement.GetProperty("FailedAndUnresolvableNodes").GetProperty("n1").GetString());

        // Once the watch shows it bound, its room counts as its usage instead, once: still no room, and the hold is gone.
        var onNode = new PodBuilder("owner-1").Namespace("default").Uid("owner-1").Cpu("500m").Memory("1Gi").OnNode("n1").Build();
        host.Cluster.UpsertPod(onNode);
        new PodWatchSource(new PendingPodChannel(detection, ledger, host.Time), ledger, left, detection, host.Time).OnPodChanged(onNode);
        Assert.False(ledger.Current.Holds("owner-1"));
        Assert.False(existing.LeaveToScheduler(late));
    }

    private static Pod Pending(string name) => new PodBuilder(name).Namespace("default").Uid(name).Cpu("500m").Memory("1Gi").Build();

    private static ReservedPod Share(Pod pod) => new(new PodReference(pod.Namespace, pod.Name, pod.Uid), pod.Requests, ReservedAt);
}
