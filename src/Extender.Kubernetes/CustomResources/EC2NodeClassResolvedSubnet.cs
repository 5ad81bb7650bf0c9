namespace Extender.Kubernetes.CustomResources;

public sealed class EC2NodeClassResolvedSubnet
{
    public string Id { get; set; } = "";

    public string Zone { get; set; } = "";

    public string? ZoneID { get; set; }
}
