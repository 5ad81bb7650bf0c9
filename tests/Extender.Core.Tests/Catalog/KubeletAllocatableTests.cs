using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Catalog;

/// <summary>Karpenter's overhead formulas under an EC2NodeClass's kubelet settings, and the planner buying with them.</summary>
public sealed class KubeletAllocatableTests
{
    private const long MiB = 1024L * 1024 * 1000;

    // An m5.large as the kubelet sees it: 2 vCPUs, 8 GiB less the 7.5% VM overhead, 29 ENI-limited pods.
    private static readonly InstanceType M5Large = new()
    {
        Name = "m5.large",
        Labels = new Dictionary<string, string>(),
        Offerings = [],
        Capacity = ResourceList.Of((ResourceNames.Cpu, 2000), (ResourceNames.Memory, 7577 * MiB), (ResourceNames.Pods, 29_000)),
        Allocatable = ResourceList.Of((ResourceNames.Cpu, 1930), (ResourceNames.Memory, 6903 * MiB), (ResourceNames.Pods, 29_000), (ResourceNames.EphemeralStorage, 17_000)),
    };

    [Theory]
    [InlineData(null, null, null, null, null, 1930, 6903, 29)]           // the defaults: the catalog's own allocatable
    [InlineData(10, null, null, null, null, 1930, 7577 - 365 - 100, 10)] // maxPods: fewer pods, less kube-reserved memory
    [InlineData(null, 2, null, null, null, 1930, 7577 - 299 - 100, 4)]   // podsPerCore × 2 vCPUs
    [InlineData(null, null, "1Gi", null, null, 1930, 7577 - 1024 - 100, 29)] // kubeReserved memory replaces the default
    [InlineData(null, null, null, "500m", null, 1430, 6903, 29)]         // systemReserved cpu on top
    [InlineData(null, null, null, null, "10%", 1930, 7577 - 574 - 757.7, 29)] // evictionHard memory.available as a share of memory
    public void For_Settings_KarpentersFormulas(int? maxPods, int? podsPerCore, string? kubeMemory, string? systemCpu, string? eviction, long cpu, double memoryMiB, long pods)
    {
        var settings = new KubeletSettings
        {
            MaxPods = maxPods,
            PodsPerCore = podsPerCore,
            KubeReserved = kubeMemory is null ? null : ResourceList.Of((ResourceNames.Memory, Quantity.ParseMilli(kubeMemory))),
            SystemReserved = systemCpu is null ? null : ResourceList.Of((ResourceNames.Cpu, Quantity.ParseMilli(systemCpu))),
            EvictionHard = eviction is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["memory.available"] = eviction },
        };

        var allocatable = KubeletAllocatable.For(M5Large, settings);

        Assert.Equal((cpu, (long)Math.Round(memoryMiB * MiB), pods * 1000), (allocatable[ResourceNames.Cpu], allocatable[ResourceNames.Memory], allocatable[ResourceNames.Pods]));
        Assert.Equal(17_000, allocatable[ResourceNames.EphemeralStorage]);
    }

    [Fact]
    public void Plan_PoolWithMaxPods_BuysNodesOfThatManyPods()
    {
        var pods = PendingPodBuilder.Many(7, "small", b => b.Cpu("50m").Memory("32Mi"));
        var pool = new NodePool { Name = "default", Kubelet = new KubeletSettings { MaxPods = 3 } };

        var plan = Planner.Plan(new PlanInput { Pods = pods, NodePools = [pool], Catalog = TestCatalog.Small() });
        var unlimited = Planner.Plan(new PlanInput { Pods = pods, NodePools = [pool with { Kubelet = null }], Catalog = TestCatalog.Small() });

        Assert.Empty(plan.Unschedulable);
        Assert.Equal(3, plan.NewNodes.Count);
        Assert.All(plan.NewNodes, n => Assert.InRange(n.Pods.Count, 1, 3));
        Assert.Single(unlimited.NewNodes);
    }
}
