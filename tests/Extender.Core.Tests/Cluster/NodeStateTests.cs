using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Cluster;

public sealed class NodeStateTests
{
    [Fact]
    public void Free_IsAllocatableMinusRequested()
    {
        var state = new NodeState(new NodeBuilder("n1").Cpu("4").Build(), [], ResourceList.Of(("cpu", 1_500)));

        Assert.Equal(2_500, state.Free[ResourceNames.Cpu]);
    }

    [Fact]
    public void With_ChangedRequestedOrNode_RecomputesFree()
    {
        var state = new NodeState(new NodeBuilder("n1").Cpu("4").Build(), [], ResourceList.Empty);

        var busier = state with { Requested = ResourceList.Of(("cpu", 3_000)) };
        var bigger = busier with { Node = new NodeBuilder("n1").Cpu("16").Build() };

        Assert.Equal(1_000, busier.Free[ResourceNames.Cpu]);
        Assert.Equal(13_000, bigger.Free[ResourceNames.Cpu]);
    }

    [Fact]
    public void Facts_AfterConstructionAndWith_AgreeWithFreeByName()
    {
        var node = new NodeBuilder("n1").Cpu("4").Memory("8Gi").Pods(10).Gpu(2).Build();
        var states = new[]
        {
            new NodeState(node, [], ResourceList.Of(("cpu", 1_500), ("memory", 1_000_000), ("pods", 3_000))),
            new NodeState(node, [], ResourceList.Empty) with { Requested = ResourceList.Of(("cpu", 5_000), ("nvidia.com/gpu", 1_000)) },
            new NodeState(node, [], ResourceList.Of(("pods", 1_000))) with { Node = new NodeBuilder("n1").Cpu("16").Build() },
        };

        foreach (var state in states)
        {
            Assert.Equal(state.Free, state.Facts.Free);
            foreach (var (slot, name) in new[]
            {
                (ResourceSlot.Pods, ResourceNames.Pods),
                (ResourceSlot.Cpu, ResourceNames.Cpu),
                (ResourceSlot.Memory, ResourceNames.Memory),
                (ResourceSlot.Other, ResourceNames.NvidiaGpu),
            })
            {
                Assert.Equal(state.Free[name], state.Facts.FreeOf(slot, name));
            }
        }
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void Facts_CordonedOrTainted_AreRestricted(bool cordoned, bool tainted, bool expected)
    {
        var builder = new NodeBuilder("n1").Cpu("4");
        if (tainted)
        {
            builder.Taint("dedicated", "batch", "NoSchedule");
        }

        var node = cordoned ? builder.Cordoned().Build() : builder.Build();
        var plain = new NodeState(new NodeBuilder("n1").Cpu("4").Build(), [], ResourceList.Empty);

        Assert.Equal(expected, new NodeState(node, [], ResourceList.Empty).Facts.Restricted);
        Assert.Equal(expected, (plain with { Node = node }).Facts.Restricted);
    }
}
