namespace Extender.Kubernetes.CustomResources;

public sealed class NodeClaimNodeClassReference
{
    public string Group { get; set; } = CustomResourceGroup.Group;

    public string Kind { get; set; } = EC2NodeClass.KindName;

    public string Name { get; set; } = "";
}
