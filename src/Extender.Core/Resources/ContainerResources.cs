namespace Extender.Core.Resources;

/// <summary>
/// What one container requests. <paramref name="IsSidecar"/> marks an init container with <c>restartPolicy: Always</c>
/// (a restartable init container), which keeps running beside the app containers.
/// </summary>
public sealed record ContainerResources(string Name, ResourceList Requests, bool IsSidecar = false);
