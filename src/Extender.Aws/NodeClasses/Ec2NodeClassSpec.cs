using Extender.Aws.Images;
using Extender.Core.Catalog;

namespace Extender.Aws.NodeClasses;

/// <summary>
/// The provider's plain view of an EC2NodeClass; the Kubernetes adapter maps the custom resource onto it field by
/// field (<c>spec.subnetSelectorTerms</c> → <see cref="SubnetSelectorTerms"/>, and so on).
/// <see cref="Role"/> is an IAM role, for which the provisioner manages an instance profile; <see cref="InstanceProfile"/>
/// names an existing profile. Exactly one of the two, as in Karpenter.
/// </summary>
public sealed record Ec2NodeClassSpec
{
    public required string Name { get; init; }
    public IReadOnlyList<SelectorTerm> SubnetSelectorTerms { get; init; } = [];
    public IReadOnlyList<SelectorTerm> SecurityGroupSelectorTerms { get; init; } = [];
    public IReadOnlyList<SelectorTerm> AmiSelectorTerms { get; init; } = [];
    public string? Role { get; init; }
    public string? InstanceProfile { get; init; }
    public string? UserData { get; init; }
    public IReadOnlyList<BlockDeviceMapping> BlockDeviceMappings { get; init; } = [];
    public MetadataOptions MetadataOptions { get; init; } = new();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Null: the subnet's own setting decides, as EC2 does when the launch does not say.</summary>
    public bool? AssociatePublicIpAddress { get; init; }

    public bool DetailedMonitoring { get; init; }

    /// <summary><c>spec.kubelet</c>; null: the kubelet's defaults.</summary>
    public KubeletSettings? Kubelet { get; init; }

    /// <summary>Whose user data the nodes get: the alias's family, else Amazon Linux 2023.</summary>
    public AmiFamily AmiFamily => AmiAlias.FamilyOf(AmiSelectorTerms.Select(t => t.Alias));
}
