namespace Extender.Kubernetes.CustomResources;

/// <summary>What the selector terms resolved to, and whether the class is ready to launch from.</summary>
public sealed class EC2NodeClassStatus
{
    public IList<EC2NodeClassResolvedSubnet>? Subnets { get; set; }

    public IList<EC2NodeClassResolvedSecurityGroup>? SecurityGroups { get; set; }

    public IList<EC2NodeClassResolvedAmi>? Amis { get; set; }

    public string? InstanceProfile { get; set; }

    public IList<CustomResourceCondition>? Conditions { get; set; }
}
