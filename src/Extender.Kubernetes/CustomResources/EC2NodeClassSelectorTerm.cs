namespace Extender.Kubernetes.CustomResources;

/// <summary>Selects subnets or security groups by id, by name, or by tags (all must match).</summary>
public sealed class EC2NodeClassSelectorTerm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public IDictionary<string, string>? Tags { get; set; }
}
