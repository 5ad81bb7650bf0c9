using Amazon.EC2;
using Amazon.SimpleSystemsManagement;
using Extender.Aws.Catalog;
using Extender.Aws.Cluster;
using Extender.Aws.Errors;
using Extender.Aws.Images;
using Extender.Aws.InstanceProfiles;
using Extender.Aws.Instances;
using Extender.Aws.LaunchTemplates;
using Extender.Aws.NodeClasses;
using Extender.Aws.Region;
using Extender.Core.Capacity;
using Extender.Core.Interruption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Extender.Aws;

public static class AwsCapacityServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ICapacityProvider"/> over EC2 from the <c>Aws</c> configuration section (validated at start;
    /// the region from the SDK's default chain when not set; the cluster endpoint and CA from EKS DescribeCluster when
    /// not set, checked before any other hosted service starts), the catalog refresh and launch-template cleanup loops
    /// (cleanup only while <see cref="IAwsLeadership"/> says this replica leads), the SDK warm-up, an
    /// <see cref="InMemoryNodeClassSource"/> (unless an <see cref="INodeClassSource"/> is already registered) and
    /// <see cref="IEc2NodeClassResolver"/> (AMI aliases through SSM, for the <see cref="IKubernetesVersion"/> registered before,
    /// if any; instance profiles for a <c>role</c> through IAM, <see cref="IManagedInstanceProfiles"/>), and <see cref="IInstanceStatusSource"/> over DescribeInstanceStatus. Without a registered <see cref="IAwsLeadership"/>, this process always leads.
    /// </summary>
    public static IServiceCollection AddAwsCapacity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwsCapacityOptions>().Bind(configuration.GetSection(AwsCapacityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsCapacityOptions>, AwsCapacityOptionsValidator>());
        services.TryAddSingleton<IRegionChain, SdkRegionChain>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<AwsCapacityOptions>, RegionDefault>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAmazonEC2>(sp => AwsClientFactory.CreateEc2(sp.GetRequiredService<IOptions<AwsCapacityOptions>>().Value));
        services.TryAddSingleton<IAmazonSimpleSystemsManagement>(sp => AwsClientFactory.CreateSsm(sp.GetRequiredService<IOptions<AwsCapacityOptions>>().Value));
        services.TryAddSingleton<SsmParameters>();
        services.TryAddSingleton<IKubernetesVersion, UnknownKubernetesVersion>();
        services.TryAddSingleton<IamClient>();
        services.TryAddSingleton<ManagedInstanceProfiles>();
        services.TryAddSingleton<IManagedInstanceProfiles>(sp => sp.GetRequiredService<ManagedInstanceProfiles>());
        services.TryAddSingleton<IOnDemandPrices>(sp => sp.GetRequiredService<IOptions<AwsCapacityOptions>>().Value.OnDemandPriceFile is { } file
            ? OnDemandPriceTable.Load(file)
            : EmbeddedOnDemandPrices.Load());
        services.TryAddSingleton<InMemoryNodeClassSource>();
        services.TryAddSingleton<INodeClassSource>(sp => sp.GetRequiredService<InMemoryNodeClassSource>());
        services.TryAddSingleton<Ec2Caller>();
        services.TryAddSingleton<Ec2CatalogReader>();
        services.TryAddSingleton<UnavailableOfferings>();
        services.TryAddSingleton<Ec2Catalog>();
        services.TryAddSingleton<NodeClassResolver>();
        services.TryAddSingleton<IEc2NodeClassResolver>(sp => sp.GetRequiredService<NodeClassResolver>());
        services.TryAddSingleton<EksClusterDescriber>();
        services.TryAddSingleton<ClusterConnectionSource>();
        services.TryAddSingleton<IAwsLeadership, SingleReplicaLeadership>();
        services.TryAddSingleton<LaunchTemplateStore>();
        services.TryAddSingleton<Ec2CapacityProvider>();
        services.TryAddSingleton<ICapacityProvider>(sp => sp.GetRequiredService<Ec2CapacityProvider>());
        services.TryAddSingleton<IInstanceStatusSource, Ec2InstanceStatusSource>();
        services.AddHostedService<ClusterConnectionCheck>();
        services.AddHostedService<Ec2WarmupService>();
        services.AddHostedService<CatalogRefreshService>();
        services.AddHostedService<LaunchTemplateJanitor>();
        return services;
    }
}
