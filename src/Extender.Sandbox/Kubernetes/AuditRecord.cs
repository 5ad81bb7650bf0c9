namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// One request as the API server's authorizer sees it (verb, API group, resource, subresource, namespace, name): what
/// an RBAC rule must allow. Recorded so tests can check the project's RBAC against the calls the code really makes.
/// The same record is what <see cref="Rbac.RbacPolicy"/> authorizes.
/// </summary>
public sealed record AuditRecord(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>Who made the request (the authenticated user name); empty for a request that was never sent.</summary>
    public string User { get; init; } = "";

    /// <summary>False when the server answered 403 because the user is not allowed to make the request.</summary>
    public bool Allowed { get; init; } = true;
}
