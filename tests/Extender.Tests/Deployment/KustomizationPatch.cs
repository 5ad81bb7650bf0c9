namespace Extender.Tests.Deployment;

/// <summary>A kustomize <c>patches</c> entry: a strategic-merge patch file.</summary>
public sealed class KustomizationPatch
{
    public string? Path { get; set; }
}
