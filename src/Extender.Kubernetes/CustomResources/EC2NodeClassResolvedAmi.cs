namespace Extender.Kubernetes.CustomResources;

public sealed class EC2NodeClassResolvedAmi
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public IList<NodeClaimRequirement>? Requirements { get; set; }
}
