namespace Extender.Kubernetes.CustomResources;

/// <summary>Selects AMIs by id, by alias (e.g. <c>al2023@latest</c>), or by name, owner and tags.</summary>
public sealed class EC2NodeClassAmiSelectorTerm
{
    public string? Id { get; set; }

    public string? Alias { get; set; }

    public string? Name { get; set; }

    public string? Owner { get; set; }

    public IDictionary<string, string>? Tags { get; set; }
}
