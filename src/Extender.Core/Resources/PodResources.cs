namespace Extender.Core.Resources;

/// <summary>
/// The resource-relevant parts of a pod spec: app containers, init containers in order, <c>spec.overhead</c>
/// and pod-level <c>spec.resources.requests</c> (null when the pod does not set them).
/// </summary>
public sealed record PodResources(
    IReadOnlyList<ContainerResources> Containers,
    IReadOnlyList<ContainerResources> InitContainers,
    ResourceList Overhead,
    ResourceList? PodLevelRequests);
