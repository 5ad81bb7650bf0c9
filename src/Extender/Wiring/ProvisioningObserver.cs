using Extender.Core.Cluster;
using Extender.Kubernetes.State;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Lifecycle;

namespace Extender.Wiring;

/// <summary>Feeds the watches' pods and nodes to the provisioner's detection and registration.</summary>
internal sealed class ProvisioningObserver(PodWatchSource pods, NodeWatchSource nodes) : IClusterObserver
{
    public void OnNodeChanging(Node node) => nodes.OnNodeChanged(node);

    public void OnNodeDeleted(Node node) => nodes.OnNodeDeleted(node);

    public void OnPodChanged(Pod pod) => pods.OnPodChanged(pod);

    public void OnPodDeleted(Pod pod) => pods.OnPodDeleted(pod.Uid);
}
