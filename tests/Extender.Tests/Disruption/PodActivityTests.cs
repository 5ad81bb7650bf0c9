using Extender.Core.Cluster;
using Extender.Disruption.Deciding;
using Extender.TestKit.Builders;

namespace Extender.Tests.Disruption;

/// <summary>What <c>consolidateAfter</c> counts from: the last time a pod was bound to or left a node, not any pod update.</summary>
public sealed class PodActivityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ClusterState _cluster = new();
    private readonly PodActivity _activity = new();

    public PodActivityTests() =>
        _cluster.Replace([new NodeBuilder("a").Cpu("4").Build(), new NodeBuilder("b").Cpu("4").Build()], [Pod("p1", "a"), Pod("p2", "b")]);

    [Fact]
    public void Observe_FirstSeenNodes_CountFromThatPass()
    {
        _activity.Observe(_cluster.Current, T0);

        Assert.Equal(T0, _activity.LastChange("a"));
        Assert.Equal(T0, _activity.LastChange("b"));
        Assert.Equal(DateTimeOffset.MaxValue, _activity.LastChange("unknown"));
    }

    [Fact]
    public void Observe_PodBoundOrGone_MovesOnlyThatNodesChange()
    {
        _activity.Observe(_cluster.Current, T0);

        _cluster.UpsertPod(Pod("p3", "a"));
        _activity.Observe(_cluster.Current, T0.AddMinutes(1));
        _cluster.DeletePod("p2");
        _activity.Observe(_cluster.Current, T0.AddMinutes(2));

        Assert.Equal(T0.AddMinutes(1), _activity.LastChange("a"));
        Assert.Equal(T0.AddMinutes(2), _activity.LastChange("b"));
    }

    [Fact]
    public void Observe_PodUpdatedInPlace_IsNoChange()
    {
        _activity.Observe(_cluster.Current, T0);

        // A status update gives the node a new pod list with the same pods.
        _cluster.UpsertPod(new PodBuilder("p1").Uid("p1").OnNode("a").Cpu("1").Label("updated", "yes").Build());
        _activity.Observe(_cluster.Current, T0.AddMinutes(1));

        Assert.Equal(T0, _activity.LastChange("a"));
    }

    [Fact]
    public void Observe_PodFinished_CountsAsLeaving()
    {
        _activity.Observe(_cluster.Current, T0);

        _cluster.UpsertPod(new PodBuilder("p1").Uid("p1").OnNode("a").Cpu("1").Phase("Succeeded").Build());
        _activity.Observe(_cluster.Current, T0.AddMinutes(1));

        Assert.Equal(T0.AddMinutes(1), _activity.LastChange("a"));
    }

    [Fact]
    public void Observe_NodeReplacedByAnotherInOnePass_ForgetsTheGoneNode()
    {
        _activity.Observe(_cluster.Current, T0);

        _cluster.DeleteNode("b");
        _cluster.UpsertNode(new NodeBuilder("c").Cpu("4").Build());
        _activity.Observe(_cluster.Current, T0.AddMinutes(1));
        _cluster.UpsertNode(new NodeBuilder("b").Cpu("4").Build());
        _activity.Observe(_cluster.Current, T0.AddMinutes(2));

        Assert.Equal(T0.AddMinutes(1), _activity.LastChange("c"));
        Assert.Equal(T0.AddMinutes(2), _activity.LastChange("b"));
        Assert.Equal(T0, _activity.LastChange("a"));
    }

    private static Pod Pod(string uid, string node) => new PodBuilder(uid).Uid(uid).OnNode(node).Cpu("1").Build();
}
