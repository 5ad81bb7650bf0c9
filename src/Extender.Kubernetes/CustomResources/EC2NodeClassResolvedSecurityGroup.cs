namespace Extender.Kubernetes.CustomResources;

public sealed class EC2NodeClassResolvedSecurityGroup
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }
}
