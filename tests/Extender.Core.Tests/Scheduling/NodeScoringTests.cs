using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class NodeScoringTests
{
    [Theory]
    [InlineData("4", "16Gi", "0", "0", "4", "16Gi", 10)]
    [InlineData("4", "16Gi", "0", "0", "2", "8Gi", 5)]
    [InlineData("4", "16Gi", "2", "8Gi", "1", "4Gi", 8)]
    [InlineData("4", "16Gi", "0", "0", "100m", "128Mi", 0)]
    [InlineData("4", "16Gi", "0", "0", "4", "0", 5)]
    [InlineData("4", "16Gi", "3", "0", "2", "1Gi", 0)]
    [InlineData("0", "16Gi", "0", "0", "0", "8Gi", 5)]
    public void LeastWaste_NodeUsageAfterPlacement_ScoresFullerHigher(
        string nodeCpu, string nodeMemory, string usedCpu, string usedMemory, string podCpu, string podMemory, int expected)
    {
        var node = new NodeBuilder("n1").Cpu(nodeCpu).Memory(nodeMemory).Build();
        var requested = ResourceList.Of(("cpu", Quantity.ParseMilli(usedCpu)), ("memory", Quantity.ParseMilli(usedMemory)));
        var pod = new PodBuilder("p").Cpu(podCpu).Memory(podMemory).Build();

        Assert.Equal(expected, NodeScoring.LeastWaste(pod, new NodeState(node, [], requested)));
    }
}
