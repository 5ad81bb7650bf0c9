namespace Extender.Kubernetes.CustomResources;

public sealed class EC2NodeClassSpec
{
    public IList<EC2NodeClassSelectorTerm> SubnetSelectorTerms { get; set; } = [];

    public IList<EC2NodeClassSelectorTerm> SecurityGroupSelectorTerms { get; set; } = [];

    public IList<EC2NodeClassAmiSelectorTerm> AmiSelectorTerms { get; set; } = [];

    /// <summary>IAM role for the instance profile the provisioner manages; exclusive with <see cref="InstanceProfile"/>.</summary>
    public string? Role { get; set; }

    public string? InstanceProfile { get; set; }

    public string? UserData { get; set; }

    public IList<EC2NodeClassBlockDeviceMapping>? BlockDeviceMappings { get; set; }

    public EC2NodeClassMetadataOptions? MetadataOptions { get; set; }

    public IDictionary<string, string>? Tags { get; set; }

    public bool? AssociatePublicIPAddress { get; set; }

    public bool? DetailedMonitoring { get; set; }

    public EC2NodeClassKubelet? Kubelet { get; set; }
}
