using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

/// <summary>Every new node keeps room for the DaemonSets that will run on it, so reserved pods still fit once they land.</summary>
public sealed class DaemonSetProvisioningTests
{
    private const string Type = "m7i.xlarge";
    private static readonly Taint Dedicated = new("dedicated", "batch", "NoSchedule");

    /// <summary>Four pods that together take exactly the allocatable CPU of one <see cref="Type"/>.</summary>
    private static List<Pod> FillingPods()
    {
        var quarter = Quantity.Format(DefaultCatalog.Load().Find(Type)!.Allocatable[ResourceNames.Cpu] / 4);
        return [.. Enumerable.Range(0, 4).Select(i => new PodBuilder($"batch-{i}").Uid($"batch-{i}")
            .Request(ResourceNames.Cpu, quarter).Memory("1Gi").TolerationExists(Dedicated.Key).MarkedUnschedulable().Build())];
    }

    private static PodBuilder DaemonSet(string name) => new PodBuilder(name).Namespace("kube-system").Uid(name).Cpu("1").Memory("256Mi").OwnedBy("DaemonSet");

    private static ProvisioningHarness Start(params Pod[] daemonSets)
    {
        var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool(new NodeSelectorRequirement(WellKnownLabels.InstanceType, "In", [Type])) with { Taints = [Dedicated] });
        harness.Worlds.Control.DaemonSetPods = daemonSets;
        return harness;
    }

    public enum Kind
    {
        None,
        ToleratesTheTaint,
        DoesNotTolerateTheTaint,
        SelectsArm64Nodes,
        RequiresAnotherNodePool,
    }

    [Theory]
    [InlineData(Kind.None, 1)]
    [InlineData(Kind.ToleratesTheTaint, 2)]
    [InlineData(Kind.DoesNotTolerateTheTaint, 1)]
    [InlineData(Kind.SelectsArm64Nodes, 1)]
    [InlineData(Kind.RequiresAnotherNodePool, 1)]
    public async Task ProvisionAsync_PodsFillingOneNode_ClaimsLeaveRoomOnlyForDaemonSetsThatRunThere(Kind daemonSet, int expectedClaims)
    {
        Pod[] daemonSets = daemonSet switch
        {
            Kind.None => [],
            Kind.ToleratesTheTaint => [DaemonSet("logs").TolerationExists(Dedicated.Key).Build()],
            Kind.DoesNotTolerateTheTaint => [DaemonSet("logs").Build()],
            Kind.SelectsArm64Nodes => [DaemonSet("logs").TolerationExists(Dedicated.Key).NodeSelector(WellKnownLabels.Arch, "arm64").Build()],
            _ => [DaemonSet("logs").TolerationExists(Dedicated.Key).RequireNodeAffinity(new NodeSelectorRequirement(WellKnownLabels.NodePool, "In", ["other"])).Build()],
        };
        using var harness = Start(daemonSets);
        harness.AddPendingPods(FillingPods());

        await harness.ProvisionQueuedAsync();

        Assert.Equal(expectedClaims, harness.Store.Claims.Count);
        Assert.Equal(4, harness.Store.Claims.Sum(c => c.ReservedFor.Count));
    }

    [Fact]
    public async Task ProvisionAsync_DaemonSetPodsLandOnTheNewNodes_EveryPodStillFitsItsReservedNode()
    {
        var proxy = DaemonSet("proxy").TolerationExists(Dedicated.Key).Build();
        using var harness = Start(proxy);
        var pods = FillingPods();
        harness.AddPendingPods(pods);
        await harness.ProvisionQueuedAsync();
        var nodes = harness.BootNodes();
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        foreach (var node in nodes)
        {
            harness.Cluster.UpsertPod(proxy with { Uid = "proxy-" + node.Name, Name = "proxy-" + node.Name, NodeName = node.Name, Phase = "Running" });
        }

        foreach (var pod in pods)
        {
            var node = harness.Schedule(pod);
            Assert.NotNull(node);
            Assert.True(harness.Ledger.Current.IsReservedOn(pod.Uid, node), $"{pod.Key} went to {node}, not its reserved node");
            harness.Bind(pod, node);
        }
    }
}
