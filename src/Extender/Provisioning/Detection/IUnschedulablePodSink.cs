namespace Extender.Provisioning.Detection;

/// <summary>
/// Where the request path hands pods that no node can take. Called on kube-scheduler's critical path, so it must
/// never block or do I/O: <see cref="TryWrite"/> returns false when the pod cannot be accepted right now (full,
/// closed), and the caller moves on; the scheduler retries the pod and the pod watch reports it as well.
/// </summary>
internal interface IUnschedulablePodSink
{
    bool TryWrite(UnschedulablePod pod);
}
