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
}
