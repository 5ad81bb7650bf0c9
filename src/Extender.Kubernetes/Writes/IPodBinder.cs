namespace Extender.Kubernetes.Writes;

/// <summary>Binds pods to nodes through the <c>pods/binding</c> subresource, as a scheduler does.</summary>
public interface IPodBinder
{
    /// <summary>True when the pod is now bound to <paramref name="nodeName"/>; false when it was already bound elsewhere.</summary>
    Task<bool> BindAsync(string @namespace, string name, string nodeName, CancellationToken cancellationToken);
}
