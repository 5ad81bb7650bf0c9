using Extender.Aws.NodeClasses;
using Extender.Core.Catalog;
using Extender.Core.Resources;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;

namespace Extender.Wiring;

/// <summary>The EC2 adapter's node classes, read from the EC2NodeClass watch cache.</summary>
internal sealed class NodeClassSource(IObjectCache<EC2NodeClass> cache) : INodeClassSource
{
    private const long GiB = 1L << 30;

    public Ec2NodeClassSpec? Find(string name) => cache.Get(name) is { } resource ? Map(resource) : null;

    internal static Ec2NodeClassSpec Map(EC2NodeClass resource)
    {
        var spec = resource.Spec ?? new EC2NodeClassSpec();
        var metadata = spec.MetadataOptions ?? new EC2NodeClassMetadataOptions();
        var defaults = new MetadataOptions();
        return new Ec2NodeClassSpec
        {
            Name = resource.Metadata?.Name ?? "",
            SubnetSelectorTerms = [.. spec.SubnetSelectorTerms.Select(t => Term(t.Id, t.Name, null, t.Tags))],
            SecurityGroupSelectorTerms = [.. spec.SecurityGroupSelectorTerms.Select(t => Term(t.Id, t.Name, null, t.Tags))],
            AmiSelectorTerms = [.. spec.AmiSelectorTerms.Select(t => Term(t.Id, t.Name, t.Owner, t.Tags) with { Alias = t.Alias })],
            Role = spec.Role,
            InstanceProfile = spec.InstanceProfile,
            UserData = spec.UserData,
            BlockDeviceMappings = [.. (spec.BlockDeviceMappings ?? []).Select(Device)],
            MetadataOptions = new MetadataOptions
            {
                HttpEndpoint = metadata.HttpEndpoint ?? defaults.HttpEndpoint,
                HttpTokens = metadata.HttpTokens ?? defaults.HttpTokens,
                HttpPutResponseHopLimit = (int)(metadata.HttpPutResponseHopLimit ?? defaults.HttpPutResponseHopLimit),
                HttpProtocolIpv6 = metadata.HttpProtocolIPv6 ?? defaults.HttpProtocolIpv6,
            },
            Tags = spec.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(spec.Tags, StringComparer.Ordinal),
            AssociatePublicIpAddress = spec.AssociatePublicIPAddress,
            DetailedMonitoring = spec.DetailedMonitoring ?? false,
            Kubelet = spec.Kubelet is { } kubelet ? Kubelet(kubelet) : null,
        };
    }

    /// <summary>Throws <see cref="FormatException"/> for a reserved quantity that does not parse.</summary>
    private static KubeletSettings Kubelet(EC2NodeClassKubelet k) => new()
    {
        MaxPods = k.MaxPods,
        PodsPerCore = k.PodsPerCore,
        SystemReserved = Reserved("systemReserved", k.SystemReserved),
        KubeReserved = Reserved("kubeReserved", k.KubeReserved),
        EvictionHard = Copy(k.EvictionHard),
        EvictionSoft = Copy(k.EvictionSoft),
        EvictionSoftGracePeriod = Copy(k.EvictionSoftGracePeriod),
        EvictionMaxPodGracePeriod = k.EvictionMaxPodGracePeriod,
        ImageGCHighThresholdPercent = k.ImageGCHighThresholdPercent,
        ImageGCLowThresholdPercent = k.ImageGCLowThresholdPercent,
        CpuCfsQuota = k.CpuCFSQuota,
        ClusterDns = [.. k.ClusterDNS ?? []],
    };

    private static ResourceList? Reserved(string field, IDictionary<string, string>? quantities)
    {
        try
        {
            return quantities is null ? null : ResourceList.Parse(quantities);
        }
        catch (FormatException e)
        {
            throw new FormatException($"spec.kubelet.{field}: {e.Message}", e);
        }
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string>? map) =>
        map is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(map, StringComparer.Ordinal);

    private static SelectorTerm Term(string? id, string? name, string? owner, IDictionary<string, string>? tags) => new()
    {
        Id = id,
        Name = name,
        Owner = owner,
        Tags = tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(tags, StringComparer.Ordinal),
    };

    private static BlockDeviceMapping Device(EC2NodeClassBlockDeviceMapping mapping)
    {
        var ebs = mapping.Ebs ?? new EC2NodeClassBlockDevice();
        var defaults = new BlockDeviceMapping { DeviceName = mapping.DeviceName };
        return defaults with
        {
            VolumeSizeGiB = ebs.VolumeSize is { } size ? (int)Math.Ceiling(size.ToDecimal() / GiB) : defaults.VolumeSizeGiB,
            VolumeType = ebs.VolumeType ?? defaults.VolumeType,
            Iops = (int?)ebs.Iops,
            Throughput = (int?)ebs.Throughput,
            Encrypted = ebs.Encrypted ?? defaults.Encrypted,
            KmsKeyId = ebs.KmsKeyID,
            DeleteOnTermination = ebs.DeleteOnTermination ?? defaults.DeleteOnTermination,
            RootVolume = mapping.RootVolume ?? false,
        };
    }
}
