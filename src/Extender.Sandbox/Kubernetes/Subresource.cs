namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// A subresource as discovery lists it: <c>status</c>, <c>scale</c> (an <c>autoscaling/v1 Scale</c>),
/// <c>binding</c>, <c>eviction</c>, <c>token</c>. <see cref="Kind"/>, <see cref="Group"/> and <see cref="Verbs"/> default to the parent
/// resource's kind and group and to get, patch and update.
/// </summary>
internal sealed record Subresource(string Name, string? Kind = null, string? Group = null, IReadOnlyList<string>? Verbs = null);

/// <summary>Which subresources each resource has; ApiHandler routes the same names.</summary>
internal static class Subresources
{
    public static IEnumerable<Subresource> Of(ApiResource resource)
    {
        if (resource.HasStatus)
        {
            yield return new Subresource("status");
        }

        if (resource.HasScale)
        {
            yield return new Subresource("scale", "Scale", "autoscaling");
        }

        if (resource == ApiResources.Pods)
        {
            yield return new Subresource("binding", "Binding", Verbs: ["create"]);
            yield return new Subresource("eviction", "Eviction", "policy", ["create"]);
        }

        if (resource.Kind == "ServiceAccount")
        {
            yield return new Subresource("token", "TokenRequest", "authentication.k8s.io", ["create"]);
        }
    }
}
