using Extender.Core.Cluster;
using Extender.Kubernetes.State;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Kubernetes.Tests.State;

/// <summary>The order the sinks announce changes in is what keeps reservations safe (see IClusterObserver).</summary>
public sealed class ClusterObserverTests
{
    [Fact]
    public void NodeUpsert_Observer_IsCalledBeforeTheNodeEntersTheSnapshot()
    {
        var state = new ClusterState();
        var observer = new RecordingObserver(state);
        var sink = new NodeStateSink(state, [observer], NullLogger<NodeStateSink>.Instance);

        sink.Upsert(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" }, Status = new V1NodeStatus() });

        Assert.Equal(["node n1 visible=False"], observer.Calls);
        Assert.NotNull(state.Current.FindNode("n1"));
    }

    [Fact]
    public void PodUpsertAndDelete_Observer_IsCalledAfterTheSnapshotChanged()
    {
        var state = new ClusterState();
        var observer = new RecordingObserver(state);
        var sink = new PodStateSink(state, [observer], NullLogger<PodStateSink>.Instance);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "shop", Uid = "u1" }, Spec = new V1PodSpec { Containers = [] } };

        sink.Upsert(pod);
        sink.Delete(pod);

        Assert.Equal(["pod u1 visible=True", "deleted u1 visible=False"], observer.Calls);
    }

    [Fact]
    public void PodRelist_PodGoneWhileDisconnected_IsAnnouncedAsDeleted()
    {
        var state = new ClusterState();
        var observer = new RecordingObserver(state);
        var sink = new PodStateSink(state, [observer], NullLogger<PodStateSink>.Instance);
        sink.Upsert(new V1Pod { Metadata = new V1ObjectMeta { Name = "gone", NamespaceProperty = "shop", Uid = "u-gone" }, Spec = new V1PodSpec { Containers = [] } });
        observer.Calls.Clear();

        var relist = sink.BeginReplace();
        relist.Add(new V1Pod { Metadata = new V1ObjectMeta { Name = "kept", NamespaceProperty = "shop", Uid = "u-kept" }, Spec = new V1PodSpec { Containers = [] } });
        relist.Commit();

        Assert.Equal(["pod u-kept visible=True", "deleted u-gone visible=False"], observer.Calls);
    }

    [Fact]
    public void NodeDeleteAndRelist_NodeGone_IsAnnouncedAfterItLeftTheSnapshot()
    {
        var state = new ClusterState();
        var observer = new RecordingObserver(state);
        var sink = new NodeStateSink(state, [observer], NullLogger<NodeStateSink>.Instance);
        sink.Upsert(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" }, Status = new V1NodeStatus() });
        sink.Upsert(new V1Node { Metadata = new V1ObjectMeta { Name = "n2" }, Status = new V1NodeStatus() });
        observer.Calls.Clear();

        sink.Delete(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } });
        var relist = sink.BeginReplace();
        relist.Add(new V1Node { Metadata = new V1ObjectMeta { Name = "n3" }, Status = new V1NodeStatus() });
        relist.Commit();

        Assert.Equal(["node gone n1 visible=False", "node n3 visible=False", "node gone n2 visible=False"], observer.Calls);
    }

    private sealed class RecordingObserver(ClusterState state) : IClusterObserver
    {
        public List<string> Calls { get; } = [];

        public void OnNodeChanging(Node node) => Calls.Add($"node {node.Name} visible={state.Current.FindNode(node.Name) is not null}");

        public void OnNodeDeleted(Node node) => Calls.Add($"node gone {node.Name} visible={state.Current.FindNode(node.Name) is not null}");

        public void OnPodChanged(Pod pod) => Calls.Add($"pod {pod.Uid} visible={state.Current.FindPod(pod.Uid) is not null}");

        public void OnPodDeleted(Pod pod) => Calls.Add($"deleted {pod.Uid} visible={state.Current.FindPod(pod.Uid) is not null}");
    }
}
