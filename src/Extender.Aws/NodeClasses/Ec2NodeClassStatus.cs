namespace Extender.Aws.NodeClasses;

/// <summary>What an EC2NodeClass resolved to, written back to its <c>status</c> by the Kubernetes adapter.</summary>
public sealed record Ec2NodeClassStatus(
    IReadOnlyList<ResolvedSubnet> Subnets,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyList<ResolvedImage> Images,
    string? InstanceProfile,
    IReadOnlyList<NodeClassCondition> Conditions)
{
    public bool IsReady => Conditions.All(c => c.Status);

    public string NotReadyReason => string.Join("; ", Conditions.Where(c => !c.Status).Select(c => c.Message));
}
