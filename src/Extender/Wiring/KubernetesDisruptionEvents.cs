using Extender.Core.Claims;
using Extender.Disruption.Ports;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Events;

namespace Extender.Wiring;

/// <summary>Disruption events through the adapter's aggregating, paced <c>events.k8s.io/v1</c> recorder.</summary>
internal sealed class KubernetesDisruptionEvents(IEventRecorder recorder) : IDisruptionEvents
{
    private const string Action = "Disrupt";

    // The node's name as its UID, as the kubelet records node events and kubectl describe node looks them up.
    public void OnNode(string nodeName, bool warning, string reason, string message) =>
        recorder.Record(EventTarget.Node(nodeName, nodeName), Type(warning), reason, Action, message);

    public void OnClaim(Core.Claims.NodeClaim claim, bool warning, string reason, string message) =>
        recorder.Record(new EventTarget(CustomResourceGroup.ApiVersion, Kubernetes.CustomResources.NodeClaim.KindName, null, claim.Name, claim.Uid), Type(warning), reason, Action, message);

    public void OnPod(PodReference pod, bool warning, string reason, string message) =>
        recorder.Record(EventTarget.Pod(pod.Namespace, pod.Name, pod.Uid), Type(warning), reason, Action, message);

    private static string Type(bool warning) => warning ? "Warning" : "Normal";
}
