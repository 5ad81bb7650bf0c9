namespace Extender.Aws.NodeClasses;

/// <summary>Resolves an EC2NodeClass's selectors against EC2; the Kubernetes adapter writes the result to its status.</summary>
public interface IEc2NodeClassResolver
{
    Task<Ec2NodeClassStatus> ResolveAsync(Ec2NodeClassSpec spec, CancellationToken cancellationToken);
}
