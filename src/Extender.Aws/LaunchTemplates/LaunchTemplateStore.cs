using System.Collections.Concurrent;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Aws.Errors;
using Extender.Aws.Instances;
using Extender.Core.Capacity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Aws.LaunchTemplates;

/// <summary>
/// Creates launch templates on first use and remembers them; forgets one when EC2 says it is gone so the next launch
/// re-creates it; deletes the cluster's templates that have not been used for a while.
/// </summary>
internal sealed class LaunchTemplateStore(
    IAmazonEC2 ec2, Ec2Caller caller, TimeProvider time, IOptions<AwsCapacityOptions> options, ILogger<LaunchTemplateStore> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);

    public async Task<string> EnsureAsync(LaunchTemplateConfig config, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var name = config.Name(options.Value.ClusterName);
        if (!_lastUsed.ContainsKey(name))
        {
            await CreateAsync(name, config, tags, cancellationToken);
        }

        _lastUsed[name] = time.GetUtcNow();
        return name;
    }

    public void Forget(string name) => _lastUsed.TryRemove(name, out _);

    public async Task<int> DeleteStaleAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.LaunchTemplateIdleTtl;
        var deleted = 0;
        string? token = null;
        do
        {
            var request = new DescribeLaunchTemplatesRequest
            {
                Filters = [new Filter("tag:" + Ec2Tags.Cluster, [options.Value.ClusterName])],
                NextToken = token,
            };
            var page = await caller.CallAsync("DescribeLaunchTemplates", ct => ec2.DescribeLaunchTemplatesAsync(request, ct), cancellationToken);
            foreach (var template in page.LaunchTemplates ?? [])
            {
                var lastUsed = _lastUsed.TryGetValue(template.LaunchTemplateName, out var used) ? used : new DateTimeOffset(template.CreateTime ?? DateTime.MinValue, TimeSpan.Zero);
                if (lastUsed < cutoff)
                {
                    await DeleteAsync(template.LaunchTemplateName, cancellationToken);
                    deleted++;
                }
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return deleted;
    }

    private async Task CreateAsync(string name, LaunchTemplateConfig config, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var request = new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = name,
            LaunchTemplateData = Data(config),
            TagSpecifications = [new TagSpecification
            {
                ResourceType = ResourceType.LaunchTemplate,
                Tags = [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag(t.Key, t.Value))],
            }],
        };
        try
        {
            var created = await caller.CallAsync("CreateLaunchTemplate", ct => ec2.CreateLaunchTemplateAsync(request, ct), cancellationToken);
            AwsLog.LaunchTemplateCreated(logger, name, created.LaunchTemplate.LaunchTemplateId);
        }
        catch (CapacityException e) when (e.InnerException is AmazonEC2Exception inner && Ec2ErrorTable.IsAlreadyExists(inner.ErrorCode))
        {
            // Same name means same content: another replica or an earlier run created it.
        }
    }

    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var request = new DeleteLaunchTemplateRequest { LaunchTemplateName = name };
            await caller.CallAsync("DeleteLaunchTemplate", ct => ec2.DeleteLaunchTemplateAsync(request, ct), cancellationToken);
            AwsLog.LaunchTemplateDeleted(logger, name);
        }
        catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
        {
            // Already gone is what we wanted.
        }

        _lastUsed.TryRemove(name, out _);
    }

    private static RequestLaunchTemplateData Data(LaunchTemplateConfig config) => new()
    {
        ImageId = config.ImageId,

        // EC2 takes the security groups either on the instance or on its network interfaces, never both; a public
        // address can only be asked for on the primary interface, so with one the groups move there (as Karpenter does).
        SecurityGroupIds = config.AssociatePublicIpAddress is null ? [.. config.SecurityGroupIds] : null,
        NetworkInterfaces = config.AssociatePublicIpAddress is { } associate
            ? [new LaunchTemplateInstanceNetworkInterfaceSpecificationRequest { DeviceIndex = 0, AssociatePublicIpAddress = associate, Groups = [.. config.SecurityGroupIds] }]
            : null,
        Monitoring = new LaunchTemplatesMonitoringRequest { Enabled = config.DetailedMonitoring },
        IamInstanceProfile = new LaunchTemplateIamInstanceProfileSpecificationRequest { Name = config.InstanceProfile },
        UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(config.UserData)),
        MetadataOptions = new LaunchTemplateInstanceMetadataOptionsRequest
        {
            HttpEndpoint = config.MetadataOptions.HttpEndpoint,
            HttpTokens = config.MetadataOptions.HttpTokens,
            HttpPutResponseHopLimit = config.MetadataOptions.HttpPutResponseHopLimit,
            HttpProtocolIpv6 = config.MetadataOptions.HttpProtocolIpv6,
        },
        BlockDeviceMappings = config.BlockDeviceMappings.Count == 0
            ? null
            : [.. config.BlockDeviceMappings.Select(b => new LaunchTemplateBlockDeviceMappingRequest
            {
                DeviceName = b.DeviceName,
                Ebs = new LaunchTemplateEbsBlockDeviceRequest
                {
                    VolumeSize = b.VolumeSizeGiB,
                    VolumeType = b.VolumeType,
                    Iops = b.Iops,
                    Throughput = b.Throughput,
                    Encrypted = b.Encrypted,
                    KmsKeyId = b.KmsKeyId,
                    DeleteOnTermination = b.DeleteOnTermination,
                },
            })],
    };
}
