using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Cluster;

public sealed class ClusterStateTests
{
    [Fact]
    public void UpsertPod_BoundPod_CountsOnNodeAndReducesFree()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Cpu("4").Memory("8Gi").Build());

        state.UpsertPod(new PodBuilder("a").Cpu("1500m").Memory("1Gi").OnNode("n1").Build());

        var node = state.Current.FindNode("n1")!;
        Assert.Equal(["a"], node.Pods.Select(p => p.Name));
        Assert.Equal(ResourceList.Parse(Map(("cpu", "1500m"), ("memory", "1Gi"), ("pods", "1"))), node.Requested);
        Assert.Equal(ResourceList.Parse(Map(("cpu", "2500m"), ("memory", "7Gi"), ("pods", "109"))), node.Free);
    }

    [Fact]
    public void UpsertPod_PendingPodGetsBound_MovesFromPendingToNode()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").Build());
        Assert.Single(state.Current.PendingPods);

        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());

        Assert.Empty(state.Current.PendingPods);
        Assert.Equal(1_000, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);
    }

    [Fact]
    public void UpsertPod_ChangedRequestsOnSameNode_ReplacesOldContribution()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());

        state.UpsertPod(new PodBuilder("a").Cpu("3").OnNode("n1").Build());

        var node = state.Current.FindNode("n1")!;
        Assert.Single(node.Pods);
        Assert.Equal(3_000, node.Requested[ResourceNames.Cpu]);
        Assert.Equal(1_000, node.Requested[ResourceNames.Pods]);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void UpsertPod_FinishedPod_HoldsNoResourcesButIsFound(string phase)
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());

        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Phase(phase).Build());

        Assert.Empty(state.Current.FindNode("n1")!.Pods);
        Assert.Equal(ResourceList.Empty, state.Current.FindNode("n1")!.Requested);
        Assert.Equal(phase, state.Current.FindPod("default/a")!.Phase);
    }

    [Fact]
    public void UpsertPod_TerminatingPods_BoundStillHoldsNodeUnboundIsNotPending()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());

        state.UpsertPod(new PodBuilder("bound").Cpu("1").OnNode("n1").Terminating().Build());
        state.UpsertPod(new PodBuilder("unbound").Cpu("1").Terminating().Build());

        Assert.Equal(1_000, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);
        Assert.Empty(state.Current.PendingPods);
    }

    [Fact]
    public void DeletePod_BoundPod_FreesItsResources()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("b").Cpu("2").OnNode("n1").Build());

        state.DeletePod("default/a");

        var node = state.Current.FindNode("n1")!;
        Assert.Equal(["b"], node.Pods.Select(p => p.Name));
        Assert.Equal(2_000, node.Requested[ResourceNames.Cpu]);
        Assert.Null(state.Current.FindPod("default/a"));
    }

    [Fact]
    public void UpsertNode_PodsArrivedFirst_SumsThemAndKeepsThemAfterNodeDeletion()
    {
        var state = new ClusterState();
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("b").Cpu("1").OnNode("n1").Build());
        Assert.Null(state.Current.FindNode("n1"));
        Assert.Equal(2, state.Current.PodsBoundTo("n1").Count);

        state.UpsertNode(new NodeBuilder("n1").Build());
        Assert.Equal(2_000, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);

        state.DeleteNode("n1");
        Assert.Null(state.Current.FindNode("n1"));
        Assert.Equal(["a", "b"], state.Current.PodsBoundTo("n1").Select(p => p.Name));
    }

    [Fact]
    public void UpsertNode_ExistingNodeChanges_KeepsPodsAndRecomputesFree()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Cpu("4").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());

        state.UpsertNode(new NodeBuilder("n1").Cpu("8").Cordoned().Build());

        var node = state.Current.FindNode("n1")!;
        Assert.True(node.Node.Unschedulable);
        Assert.Single(node.Pods);
        Assert.Equal(7_000, node.Free[ResourceNames.Cpu]);
    }

    [Fact]
    public void Nodes_InsertedOutOfOrder_AreSortedByNameAndIndexed()
    {
        var state = new ClusterState();
        foreach (var name in new[] { "n3", "n1", "n10", "n2" })
        {
            state.UpsertNode(new NodeBuilder(name).Build());
        }

        state.DeleteNode("n2");

        Assert.Equal(["n1", "n10", "n3"], state.Current.Nodes.Select(n => n.Node.Name));
        Assert.All(state.Current.Nodes, n => Assert.Same(n, state.Current.FindNode(n.Node.Name)));
        Assert.Null(state.Current.FindNode("n2"));
    }

    [Fact]
    public void PodsOnNode_AreSortedByNamespaceNameUid()
    {
        var state = new ClusterState();
        state.UpsertPod(new PodBuilder("b").Namespace("x").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("a").Namespace("y").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("a").Namespace("x").Uid("2").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("a").Namespace("x").Uid("1").OnNode("n1").Build());

        Assert.Equal(["1", "2", "x/b", "y/a"], state.Current.PodsBoundTo("n1").Select(p => p.Uid));
    }

    [Fact]
    public void PendingPods_AreInQueueOrder_PriorityThenCreationThenUid()
    {
        var state = new ClusterState();
        var t0 = PodBuilder.DefaultCreatedAt;
        state.UpsertPod(new PodBuilder("late").CreatedAt(t0.AddMinutes(1)).Build());
        state.UpsertPod(new PodBuilder("b").CreatedAt(t0).Build());
        state.UpsertPod(new PodBuilder("a").CreatedAt(t0).Build());
        state.UpsertPod(new PodBuilder("urgent").Priority(1000).CreatedAt(t0.AddMinutes(5)).Build());

        Assert.Equal(["urgent", "a", "b", "late"], state.Current.PendingPods.Select(p => p.Name));
    }

    [Fact]
    public void Publish_EveryChange_RaisesEventWithIncreasingVersion()
    {
        var state = new ClusterState();
        var published = new List<ClusterSnapshot>();
        state.Published += published.Add;

        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Build());
        state.DeletePod("missing");
        state.DeleteNode("missing");

        Assert.Equal([1L, 2L], published.Select(s => s.Version));
        Assert.Same(published[^1], state.Current);
    }

    [Fact]
    public void Current_HeldSnapshot_IsNotAffectedByLaterChanges()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());
        var held = state.Current;

        state.UpsertPod(new PodBuilder("b").Cpu("1").OnNode("n1").Build());
        state.UpsertNode(new NodeBuilder("n2").Build());
        state.DeletePod("default/a");

        Assert.Equal(["a"], held.FindNode("n1")!.Pods.Select(p => p.Name));
        Assert.Single(held.Nodes);
        Assert.NotNull(held.FindPod("default/a"));
    }

    [Fact]
    public void Replace_AfterDrift_HoldsExactlyTheListedObjects()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("gone").Build());
        state.UpsertPod(new PodBuilder("stale").OnNode("gone").Build());

        state.Replace(
            [new NodeBuilder("n1").Build()],
            [new PodBuilder("a").Cpu("1").OnNode("n1").Build(), new PodBuilder("p").Build()]);

        Assert.Equal(["n1"], state.Current.Nodes.Select(n => n.Node.Name));
        Assert.Null(state.Current.FindPod("default/stale"));
        Assert.Empty(state.Current.PodsBoundTo("gone"));
        Assert.Equal(1_000, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);
        Assert.Equal(["p"], state.Current.PendingPods.Select(p => p.Name));
    }

    [Fact]
    public void ReplaceNodes_AbsentNode_IsDeletedAndPodsAreKept()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertNode(new NodeBuilder("n2").Build());
        state.UpsertPod(new PodBuilder("a").OnNode("n2").Build());

        state.ReplaceNodes([new NodeBuilder("n1").Build(), new NodeBuilder("n3").Build()]);

        Assert.Equal(["n1", "n3"], state.Current.Nodes.Select(n => n.Node.Name));
        Assert.Single(state.Current.PodsBoundTo("n2"));
    }

    [Fact]
    public void ReplacePods_AbsentPod_IsDeletedAndNodesAreKept()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Build());
        state.UpsertPod(new PodBuilder("a").Cpu("1").OnNode("n1").Build());
        state.UpsertPod(new PodBuilder("b").Cpu("2").OnNode("n1").Build());

        state.ReplacePods([new PodBuilder("b").Cpu("2").OnNode("n1").Build()]);

        Assert.Equal(2_000, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);
        Assert.Null(state.Current.FindPod("default/a"));
    }

    [Fact]
    public void UpsertPod_WithoutUid_ThrowsNamingThePod()
    {
        var state = new ClusterState();

        var error = Assert.Throws<ArgumentException>(() => state.UpsertPod(new PodBuilder("a").Uid("").Build()));

        Assert.Contains("default/a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncrementalUpdates_RandomSequence_MatchFullRebuild()
    {
        var random = new Random(42);
        var state = new ClusterState();
        var nodes = new Dictionary<string, Node>();
        var pods = new Dictionary<string, Pod>();
        for (var step = 0; step < 2_000; step++)
        {
            var roll = random.Next(10);
            var nodeName = $"n{random.Next(12)}";
            var podName = $"p{random.Next(60)}";
            if (roll == 0)
            {
                state.DeleteNode(nodeName);
                nodes.Remove(nodeName);
            }
            else if (roll == 1)
            {
                var node = new NodeBuilder(nodeName).Cpu($"{random.Next(1, 9)}").Build();
                state.UpsertNode(node);
                nodes[nodeName] = node;
            }
            else if (roll == 2)
            {
                state.DeletePod($"default/{podName}");
                pods.Remove($"default/{podName}");
            }
            else
            {
                var builder = new PodBuilder(podName).Cpu($"{random.Next(1, 500)}m").Priority(random.Next(3));
                builder = random.Next(3) switch
                {
                    0 => builder,
                    1 => builder.OnNode(nodeName),
                    _ => builder.OnNode(nodeName).Phase("Succeeded"),
                };
                var pod = builder.Build();
                state.UpsertPod(pod);
                pods[pod.Uid] = pod;
            }
        }

        var rebuilt = new ClusterState();
        rebuilt.Replace(nodes.Values, pods.Values);
        AssertEquivalent(rebuilt.Current, state.Current);
    }

    [Fact]
    public void Upserts_FromManyThreads_AllLand()
    {
        var state = new ClusterState();
        state.UpsertNode(new NodeBuilder("n1").Pods(1_000).Build());

        Parallel.For(0, 400, i => state.UpsertPod(new PodBuilder($"p{i}").Cpu("1m").OnNode("n1").Build()));

        Assert.Equal(400, state.Current.FindNode("n1")!.Pods.Count);
        Assert.Equal(400, state.Current.FindNode("n1")!.Requested[ResourceNames.Cpu]);
        Assert.Equal(401, state.Current.Version);
    }

    private static void AssertEquivalent(ClusterSnapshot expected, ClusterSnapshot actual)
    {
        Assert.Equal(expected.Nodes.Select(n => n.Node.Name), actual.Nodes.Select(n => n.Node.Name));
        foreach (var node in expected.Nodes)
        {
            var other = actual.FindNode(node.Node.Name)!;
            Assert.Equal(node.Node, other.Node);
            Assert.Equal(node.Pods.Select(p => p.Uid), other.Pods.Select(p => p.Uid));
            Assert.Equal(node.Requested, other.Requested);
            Assert.Equal(node.Free, other.Free);
        }

        Assert.Equal(expected.PendingPods.Select(p => p.Uid), actual.PendingPods.Select(p => p.Uid));
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(expected.PodsBoundTo($"n{i}").Select(p => p.Uid), actual.PodsBoundTo($"n{i}").Select(p => p.Uid));
        }
    }

    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
