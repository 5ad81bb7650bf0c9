namespace Extender.Sandbox.Kubernetes;

/// <summary>An injected failure: the next <see cref="Times"/> requests matching it get <see cref="StatusCode"/>.</summary>
/// <param name="Method">HTTP method to match, or null for any.</param>
/// <param name="PathContains">A substring of the request path to match (e.g. <c>/pods</c>), or empty for any.</param>
/// <param name="StatusCode">The HTTP status to answer with, e.g. 429, 500, 503.</param>
/// <param name="Times">How many matching requests fail.</param>
public sealed record Fault(string? Method, string PathContains, int StatusCode, int Times = 1);
