namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// One request as the API server's authorizer sees it (verb, API group, resource, subresource, namespace, name): what
/// an RBAC rule must allow. Recorded so tests can check the project's RBAC against the calls the code really makes.
/// </summary>
public sealed record AuditRecord(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name);
