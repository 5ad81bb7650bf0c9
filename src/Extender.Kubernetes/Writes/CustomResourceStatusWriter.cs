using Extender.Kubernetes.Client;
using Extender.Kubernetes.CustomResources;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Kubernetes.Writes;

/// <summary>On the events lane: status is for people to read, and must never queue ahead of a NodeClaim write.</summary>
internal sealed class CustomResourceStatusWriter([FromKeyedServices(KubernetesLane.Events)] IKubernetes client) : ICustomResourceStatusWriter
{
    public Task<EC2NodeClass> ReplaceStatusAsync(EC2NodeClass nodeClass, CancellationToken cancellationToken) =>
        client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<EC2NodeClass>(
            nodeClass, CustomResourceGroup.Group, CustomResourceGroup.Version, EC2NodeClass.Plural, nodeClass.Metadata.Name, cancellationToken: cancellationToken);

    public Task<NodePoolResource> ReplaceStatusAsync(NodePoolResource nodePool, CancellationToken cancellationToken) =>
        client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<NodePoolResource>(
            nodePool, CustomResourceGroup.Group, CustomResourceGroup.Version, NodePoolResource.Plural, nodePool.Metadata.Name, cancellationToken: cancellationToken);

    public Task<CapacityBuffer> ReplaceStatusAsync(CapacityBuffer buffer, CancellationToken cancellationToken) =>
        client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<CapacityBuffer>(
            buffer, CapacityBuffer.Group, CapacityBuffer.Version, buffer.Metadata.NamespaceProperty, CapacityBuffer.Plural, buffer.Metadata.Name, cancellationToken: cancellationToken);
}
