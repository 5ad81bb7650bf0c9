namespace Extender.Aws.NodeClasses;

/// <summary>What an EC2NodeClass resolved to, written back to its <c>status</c> by the Kubernetes adapter.</summary>
public sealed record Ec2NodeClassStatus(
    IReadOnlyList<ResolvedSubnet> Subnets,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyList<ResolvedImage> Images,
    string? InstanceProfile,
    IReadOnlyList<NodeClassCondition> Conditions)
{
    public const string ReadyCondition = "Ready";

    public bool IsReady => Conditions.All(c => c.Status);

    /// <summary>
    /// Why the class is not ready, each failed part once: the <c>Ready</c> condition's own message already joins the
    /// others, so it is left out here.
    /// </summary>
    public string NotReadyReason => string.Join("; ", Conditions.Where(c => !c.Status && c.Type != ReadyCondition).Select(c => c.Message));
}
