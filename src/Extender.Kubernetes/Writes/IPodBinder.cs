namespace Extender.Kubernetes.Writes;

/// <summary>Binds pods to nodes through the <c>pods/binding</c> subresource, as a scheduler does.</summary>
public interface IPodBinder
{
    /// <summary>
    /// Binds the pod if its UID is still <paramref name="uid"/> (the Binding's <c>metadata.uid</c>, a precondition the
    /// API server checks). Returns null when bound, or the API server's reason for a 409 Conflict: the pod is bound
    /// already, or the pod of that name is another one (deleted and created again). Not retried, and nothing is read
    /// to tell the two apart: the caller knows from its watch.
    /// </summary>
    Task<string?> BindAsync(string @namespace, string name, string uid, string nodeName, CancellationToken cancellationToken);
}
