namespace Extender.Aws.NodeClasses;

/// <summary>Where the provider finds the EC2NodeClass a NodeClaim names (the Kubernetes adapter feeds it).</summary>
public interface INodeClassSource
{
    Ec2NodeClassSpec? Find(string name);
}
