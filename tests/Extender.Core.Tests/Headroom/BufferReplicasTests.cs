using Extender.Core.Disruption;
using Extender.Core.Headroom;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Headroom;

/// <summary>
/// A buffer's size. The first tables are Cluster Autoscaler's (<c>capacitybuffer/translators/replicas_test.go</c>:
/// <c>TestGetBufferNumberOfPods</c>, <c>TestReplicasFromPercentage</c>, <c>TestCalculateMaxPodsFromLimits</c>),
/// ported with a one-cpu template; the rest are our own sizes (amount, percent of pool, schedule).
/// </summary>
public sealed class BufferReplicasTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ResourceList OneCpu = ResourceList.Of(("cpu", 1000));

    private static BufferSpec Buffer(int? replicas = null, int? percentage = null, ResourceList? limits = null) =>
        new() { Namespace = "default", Name = "b", Uid = "u", Replicas = replicas, Percentage = percentage, Limits = limits };

    private static ResourceList Cpu(long cores) => ResourceList.Of(("cpu", cores * 1000));

    public static TheoryData<string, int?, int?, long?, int?, int?> UpstreamTable => new()
    {
        // name, replicas, percentage, limits (cpu cores), scalable replicas, expected (null: not ready)
        { "Only Replicas", 5, null, null, null, 5 },
        { "Only Percentage", null, 200, null, 10, 20 },
        { "Replicas and Percentage (Replicas larger)", 25, 200, null, 10, 25 },
        { "Replicas and Percentage (Percentage larger)", 15, 200, null, 10, 20 },
        { "Replicas and Limits (Limits smaller)", 25, null, 20, null, 20 },
        { "Replicas and Limits (Replicas smaller)", 15, null, 20, null, 15 },
        { "Percentage and Limits (Limits smaller)", null, 250, 20, 10, 20 },
        { "Only Limits", null, null, 20, null, 20 },
        { "Nothing specified", null, null, null, null, null },
        { "Percentage present but scalableReplicas nil", null, 200, null, null, null },
    };

    [Theory]
    [MemberData(nameof(UpstreamTable))]
    public void Compute_UpstreamTable(string name, int? replicas, int? percentage, long? limitCores, int? scalable, int? expected)
    {
        var size = BufferReplicas.Compute(Buffer(replicas, percentage, limitCores is { } c ? Cpu(c) : null), OneCpu, scalable, ResourceList.Empty, Now);

        Assert.True(expected is null ? size.Problem is not null : size.Problem is null && size.Replicas == expected, name);
        Assert.Equal(expected ?? 0, size.Replicas);
    }

    [Theory]
    [InlineData(200, 10, 20)]
    [InlineData(50, 10, 5)]
    [InlineData(0, 10, 0)]
    [InlineData(50, 0, 0)]
    [InlineData(33, 10, 3)] // rounded down, as upstream: 3.3 -> 3
    public void FromPercentage_UpstreamTable(int percentage, int scalable, long expected) =>
        Assert.Equal(expected, BufferReplicas.FromPercentage(percentage, scalable));

    [Fact]
    public void PodsWithin_LeastOverTheLimitedResources()
    {
        // 2 cpu / 100m = 20, 2000Mi / 200Mi = 10: the least.
        var requests = ResourceList.Of(("cpu", 100), ("memory", 200L * 1024 * 1024 * 1000));
        var limits = ResourceList.Of(("cpu", 2000), ("memory", 2000L * 1024 * 1024 * 1000));

        Assert.Equal(10, BufferReplicas.PodsWithin(requests, limits));
    }

    [Fact]
    public void Compute_LimitsNamingNothingTheTemplateRequests_IsNotReady()
    {
        var size = BufferReplicas.Compute(Buffer(replicas: 3, limits: ResourceList.Of(("nvidia.com/gpu", 1000))), OneCpu, null, ResourceList.Empty, Now);

        Assert.Equal("resources in configured limits not found in the pod template", size.Problem);
        Assert.Equal(0, size.Replicas);
    }

    [Theory]
    [InlineData(4000, 4)]
    [InlineData(4500, 5)] // rounded up: the headroom asked for is at least this much
    [InlineData(500, 1)]
    public void Compute_Amount_WholeTemplatePodsCoveringIt(long cpuMilli, int expected) =>
        Assert.Equal(expected, BufferReplicas.Compute(Buffer() with { Amount = ResourceList.Of(("cpu", cpuMilli)) }, OneCpu, null, ResourceList.Empty, Now).Replicas);

    [Fact]
    public void Compute_AmountJoinsTheMaxAndLimitsStillCap()
    {
        var buffer = Buffer(replicas: 2, limits: Cpu(3)) with { Amount = Cpu(6) };

        Assert.Equal(3, BufferReplicas.Compute(buffer, OneCpu, null, ResourceList.Empty, Now).Replicas);
    }

    [Theory]
    [InlineData(10, 40, 4)]
    [InlineData(10, 41, 5)]
    [InlineData(25, 10, 3)]
    [InlineData(0, 40, 0)]
    public void Compute_PoolPercentage_OfWhatThePoolRequests_RoundedUpToPods(int percent, long poolCores, int expected)
    {
        var buffer = Buffer() with { PoolPercentage = percent, NodePool = "default" };

        Assert.Equal(expected, BufferReplicas.Compute(buffer, OneCpu, null, Cpu(poolCores), Now).Replicas);
    }

    [Fact]
    public void Compute_LargestResourceShareDecides()
    {
        // 10% of 40 cpu = 4 cpu = 8 pods of 500m; 10% of 64Gi = 6.4Gi = 4 pods of 2Gi (3.2 rounded up): the larger, 8.
        var template = ResourceList.Of(("cpu", 500), ("memory", 2L * 1024 * 1024 * 1024 * 1000));
        var pool = ResourceList.Of(("cpu", 40000), ("memory", 64L * 1024 * 1024 * 1024 * 1000));

        Assert.Equal(8, BufferReplicas.Compute(Buffer() with { PoolPercentage = 10 }, template, null, pool, Now).Replicas);
    }

    [Theory]
    [InlineData(true, 3, false)]
    [InlineData(false, 0, true)]
    public void Compute_Schedule_HoldsOnlyWhileTheWindowIsOpen(bool open, int expected, bool closed)
    {
        var size = BufferReplicas.Compute(Buffer(replicas: 3) with { Schedule = new Window(open) }, OneCpu, null, ResourceList.Empty, Now);

        Assert.Equal(expected, size.Replicas);
        Assert.Equal(closed, size.WindowClosed);
        Assert.Null(size.Problem);
    }

    [Fact]
    public void Compute_Invalid_IsNotReadyWithTheReason() =>
        Assert.Equal("bad", BufferReplicas.Compute(Buffer(replicas: 3) with { Invalid = "bad" }, OneCpu, null, ResourceList.Empty, Now).Problem);

    private sealed class Window(bool open) : IBudgetSchedule
    {
        public bool IsActive(DateTimeOffset now) => open;
    }
}
