namespace Extender.Tests.Deployment;

/// <summary>A kustomize configMapGenerator entry.</summary>
public sealed class ConfigMapGenerator
{
    public string? Name { get; set; }
    public List<string> Files { get; init; } = [];
    public GeneratorOptions? Options { get; set; }

    /// <summary>File paths relative to the kustomization, without the optional <c>key=</c> prefix.</summary>
    public IEnumerable<string> FilePaths() => Files.Select(f => f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..]);
}
