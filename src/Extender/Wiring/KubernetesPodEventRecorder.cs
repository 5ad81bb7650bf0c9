using Extender.Core.Claims;
using Extender.Kubernetes.Events;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>Pod events through the adapter's aggregating, paced <c>events.k8s.io/v1</c> recorder.</summary>
internal sealed class KubernetesPodEventRecorder(IEventRecorder recorder) : IPodEventRecorder
{
    private const string Action = "Provision";

    public void Normal(PodReference pod, string reason, string message) =>
        recorder.Record(EventTarget.Pod(pod.Namespace, pod.Name, pod.Uid), "Normal", reason, Action, message);

    public void Warning(PodReference pod, string reason, string message) =>
        recorder.Record(EventTarget.Pod(pod.Namespace, pod.Name, pod.Uid), "Warning", reason, Action, message);
}
