using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class NodePortsTests
{
    [Theory]
    [InlineData("TCP", "", 80, "TCP", "", 80, true)]
    [InlineData("", "", 80, "TCP", "", 80, true)]
    [InlineData("TCP", "", 80, "UDP", "", 80, false)]
    [InlineData("TCP", "", 80, "TCP", "", 81, false)]
    [InlineData("TCP", "10.0.0.1", 80, "TCP", "10.0.0.2", 80, false)]
    [InlineData("TCP", "10.0.0.1", 80, "TCP", "10.0.0.1", 80, true)]
    [InlineData("TCP", "0.0.0.0", 80, "TCP", "10.0.0.2", 80, true)]
    [InlineData("TCP", "10.0.0.1", 80, "TCP", "", 80, true)]
    [InlineData("TCP", "", 0, "TCP", "", 0, false)]
    public void Overlap_PortPair_ConflictsPerProtocolIpAndPort(string p1, string ip1, int port1, string p2, string ip2, int port2, bool expected)
    {
        Assert.Equal(expected, NodePorts.Overlap(new HostPort(p1, ip1, port1), new HostPort(p2, ip2, port2)));
        Assert.Equal(expected, NodePorts.Overlap(new HostPort(p2, ip2, port2), new HostPort(p1, ip1, port1)));
    }

    [Fact]
    public void Conflict_PortUsedByAnotherPodOnNode_IsReported()
    {
        Pod[] onNode = [new PodBuilder("a").OnNode("n1").Build(), new PodBuilder("b").HostPort(9100).OnNode("n1").Build()];

        Assert.True(NodePorts.Conflict([new HostPort("TCP", "", 9100)], onNode));
        Assert.False(NodePorts.Conflict([new HostPort("UDP", "", 9100)], onNode));
        Assert.False(NodePorts.Conflict([], onNode));
    }
}
