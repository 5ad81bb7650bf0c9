namespace Extender.Sandbox.Kubernetes;

/// <summary>A request path split into the resource, its namespace, an object name and a subresource.</summary>
internal sealed record ResourcePath(ApiResource Resource, string? Namespace, string? Name, string? Subresource)
{
    /// <exception cref="ApiException">404 when the path names no resource the sandbox serves.</exception>
    public static ResourcePath Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        var (group, version, rest) = segments switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({path})"),
        };

        string? ns = null;
        if (rest is ["namespaces", var namespaceName, var plural, ..] && plural != "status")
        {
            ns = namespaceName;
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        var resource = ApiResources.Find(group, version, rest[0])
            ?? throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({path})");
        if (ns is not null && !resource.Namespaced)
        {
            throw new ApiException(404, "NotFound", $"{resource.Plural} is not a namespaced resource ({path})");
        }

        return new ResourcePath(resource, ns, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
    }
}
