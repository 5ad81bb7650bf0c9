namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>What the authorizer said; <see cref="Message"/> is the real server's 403 message when denied.</summary>
public sealed record RbacDecision(bool Allowed, string? Message);
