namespace Extender.Tests.Deployment;

/// <summary>The subset of kustomize's Kustomization this repository uses; any other key fails strict loading.</summary>
public sealed class Kustomization
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string? Namespace { get; set; }
    public List<string> Resources { get; init; } = [];
    public List<ConfigMapGenerator> ConfigMapGenerator { get; init; } = [];
    public List<KustomizationPatch> Patches { get; init; } = [];
}
