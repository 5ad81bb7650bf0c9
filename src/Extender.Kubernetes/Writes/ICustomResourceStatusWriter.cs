using Extender.Kubernetes.CustomResources;

namespace Extender.Kubernetes.Writes;

/// <summary>
/// Writes the <c>status</c> of the configuration objects users read (NodePools, EC2NodeClasses, CapacityBuffers). Each write replaces
/// the status of the version given (its <c>resourceVersion</c>): a 409 means someone wrote in between, and the caller
/// computes the status again from the newer version instead of overwriting it.
/// </summary>
public interface ICustomResourceStatusWriter
{
    Task<EC2NodeClass> ReplaceStatusAsync(EC2NodeClass nodeClass, CancellationToken cancellationToken);

    Task<NodePoolResource> ReplaceStatusAsync(NodePoolResource nodePool, CancellationToken cancellationToken);

    Task<CapacityBuffer> ReplaceStatusAsync(CapacityBuffer buffer, CancellationToken cancellationToken);
}
