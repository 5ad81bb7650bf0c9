namespace Extender.Endpoints.Bind;

/// <summary>
/// Creates a pod's binding in the cluster. Implementations make it conditional on the pod UID (as kube-scheduler's
/// DefaultBinder does) and throw with a message fit for the scheduler's event when the binding is refused.
/// </summary>
internal interface IPodBinder
{
    Task BindAsync(PodBinding binding, CancellationToken cancellationToken);
}
