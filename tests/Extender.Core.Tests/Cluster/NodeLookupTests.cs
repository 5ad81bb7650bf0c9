using System.Text;
using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Cluster;

public sealed class NodeLookupTests
{
    [Fact]
    public void IndexOfNode_Utf8Name_FindsEveryNodeAtItsPosition()
    {
        var state = new ClusterState();
        state.Replace(Enumerable.Range(0, 300).Select(i => new NodeBuilder($"ip-10-0-{i}-{i % 7}.ec2.internal").Build()), []);
        var snapshot = state.Current;

        for (var i = 0; i < snapshot.Nodes.Count; i++)
        {
            Assert.Equal(i, snapshot.IndexOfNode(Encoding.UTF8.GetBytes(snapshot.Nodes[i].Node.Name)));
            Assert.Equal(i, snapshot.IndexOfNode(snapshot.Nodes[i].Node.Name));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("n")]
    [InlineData("n1x")]
    [InlineData("N1")]
    [InlineData("nœud")]
    public void IndexOfNode_UnknownUtf8Name_ReturnsMinusOne(string name)
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("n1").Build(), new NodeBuilder("nœud-2").Build()], []);

        Assert.Equal(-1, state.Current.IndexOfNode(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void IndexOfNode_NonAsciiName_IsFound()
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("n1").Build(), new NodeBuilder("nœud-2").Build()], []);

        Assert.Equal(1, state.Current.IndexOfNode(Encoding.UTF8.GetBytes("nœud-2")));
    }

    [Fact]
    public void IndexOfNode_AfterNodeAdded_FindsNewPositions()
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("b").Build()], []);
        Assert.Equal(0, state.Current.IndexOfNode("b"u8));

        state.UpsertNode(new NodeBuilder("a").Build());

        Assert.Equal((0, 1), (state.Current.IndexOfNode("a"u8), state.Current.IndexOfNode("b"u8)));
    }

    [Fact]
    public void Labels_PodChangesAndUnchangedNodeUpdates_KeepTheLabelIndex()
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("n1").Zone("a").Build(), new NodeBuilder("n2").Zone("b").Build()], []);
        var labels = state.Current.Labels;

        state.UpsertPod(new PodBuilder("p").Cpu("1").OnNode("n1").Build());
        state.UpsertNode(new NodeBuilder("n2").Zone("b").Cpu("16").Build());

        Assert.Same(labels, state.Current.Labels);
    }

    [Theory]
    [InlineData("relabel")]
    [InlineData("add")]
    [InlineData("delete")]
    public void Labels_NodeSetOrLabelsChange_BuildsANewIndex(string change)
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("n1").Zone("a").Build(), new NodeBuilder("n2").Zone("b").Build()], []);
        var labels = state.Current.Labels;

        switch (change)
        {
            case "relabel":
                state.UpsertNode(new NodeBuilder("n2").Zone("c").Build());
                break;
            case "add":
                state.UpsertNode(new NodeBuilder("n0").Zone("c").Build());
                break;
            default:
                state.DeleteNode("n1");
                break;
        }

        var current = state.Current;
        Assert.NotSame(labels, current.Labels);
        var column = current.Labels.Column("topology.kubernetes.io/zone");
        Assert.Equal(
            current.Nodes.Select(n => n.Node.Labels["topology.kubernetes.io/zone"]),
            column.ValueIds.Select(column.ValueOf));
    }

    [Fact]
    public void Column_KeySomeNodesLack_GivesThemTheAbsentId()
    {
        var state = new ClusterState();
        state.Replace([new NodeBuilder("n1").Label("gpu", "a10").Build(), new NodeBuilder("n2").Build(), new NodeBuilder("n3").Label("gpu", "a10").Build()], []);

        var column = state.Current.Labels.Column("gpu");

        Assert.Equal([1, 0, 1], column.ValueIds);
        Assert.Equal((null, "a10"), (column.ValueOf(0), column.ValueOf(1)));
        Assert.Equal((1, -1), (column.IdOf("a10"), column.IdOf("t4")));
    }
}
