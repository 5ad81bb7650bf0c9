namespace Extender.Kubernetes.Watching;

/// <summary>One page of a list call.</summary>
internal sealed record ListPage<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);
