using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Extender.Aws.NodeClasses;

namespace Extender.Aws.LaunchTemplates;

/// <summary>Everything a launch template holds. Equal configurations share one template, named by their hash.</summary>
internal sealed record LaunchTemplateConfig(
    string ImageId,
    IReadOnlyList<string> SecurityGroupIds,
    string InstanceProfile,
    string UserData,
    IReadOnlyList<BlockDeviceMapping> BlockDeviceMappings,
    MetadataOptions MetadataOptions,
    bool? AssociatePublicIpAddress,
    bool DetailedMonitoring)
{
    public string Name(string clusterName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));
        return $"provisioning.extender.io/{clusterName}/{Convert.ToHexStringLower(hash.AsSpan(0, 10))}";
    }
}
