using Extender.Aws;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Interruption;
using Extender.Disruption.Ports;
using Extender.Disruption.Replacing;
using Extender.Interruption;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Ports;
using Extender.TestKit.Fakes.Capacity;
using Extender.TestKit.Fakes.Disruption;
using Extender.TestKit.Fakes.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Extender.Tests.Interruption;

/// <summary>
/// The interruption services as <c>AddInterruption</c> registers them, over in-memory cluster-side fakes, with one
/// spot NodeClaim (<see cref="ClaimName"/>, instance <see cref="InstanceId"/>, node <see cref="NodeName"/>) to act on.
/// </summary>
internal sealed class InterruptionWorld(TimeProvider time)
{
    public const string InstanceId = "i-0000000000000000a";
    public const string ClaimName = "default-abc12";
    public const string NodeName = "ip-10-0-1-5.ec2.internal";

    public FakeNodeClaimStore Claims { get; } = new(time);

    public FakeClusterControl Cluster { get; } = new();

    public RecordingDisruptionEvents Events { get; } = new();

    public ClusterState Nodes { get; } = new();

    public RecordingPreparation Prepared { get; } = new();

    public FakeInstanceStatusSource Statuses { get; } = new();

    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    public bool Deleting => Claims.Find(ClaimName)!.Deleting;

    /// <summary>A provider with the interruption services configured from <paramref name="settings"/> (section <c>Interruption</c>).</summary>
    public ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.Configure<AwsCapacityOptions>(o => (o.Region, o.AccessKeyId, o.SecretAccessKey) = ("us-east-1", "sandbox", "sandbox"));
        services.Configure<AvailabilityOptions>(_ => { });
        services.AddSingleton<UnavailableOfferings>();
        services.AddSingleton<INodeClaimStore>(Claims);
        services.AddSingleton<ILeadership>(Cluster);
        services.AddSingleton<ISyncStatus>(Cluster);
        services.AddSingleton<INodePoolSource>(Cluster);
        services.AddSingleton<IDisruptionEvents>(Events);
        services.AddSingleton<IInstanceStatusSource>(Statuses);
        services.AddSingleton(Nodes);
        services.AddSingleton<IReplacementPreparation>(Prepared);
        services.AddSingleton(Registry);
        services.AddInterruption(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>Creates the spot NodeClaim, launched and registered.</summary>
    public async Task AddClaimAsync()
    {
        await Claims.CreateAsync(new NodeClaim { Name = ClaimName, NodePool = "default", NodeClass = "default" }, CancellationToken.None);
        await Claims.UpdateStatusAsync(ClaimName, new NodeClaimStatus
        {
            ProviderId = $"aws:///us-east-1a/{InstanceId}",
            InstanceType = "m7i.large",
            Zone = "us-east-1a",
            CapacityType = "spot",
            NodeName = NodeName,
        }, CancellationToken.None);
    }
}
