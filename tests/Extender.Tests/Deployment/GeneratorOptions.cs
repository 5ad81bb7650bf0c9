namespace Extender.Tests.Deployment;

/// <summary>kustomize generator options.</summary>
public sealed class GeneratorOptions
{
    public bool? DisableNameSuffixHash { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}
