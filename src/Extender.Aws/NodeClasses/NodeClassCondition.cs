namespace Extender.Aws.NodeClasses;

/// <summary>A status condition for the EC2NodeClass (<c>SubnetsReady</c>, <c>SecurityGroupsReady</c>, <c>AMIsReady</c>, <c>InstanceProfileReady</c>, <c>Ready</c>).</summary>
public sealed record NodeClassCondition(string Type, bool Status, string Reason, string Message);
