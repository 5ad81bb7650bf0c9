using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Core.Scheduling.Requirements;
using Extender.Disruption.Ports;
using Extender.Provisioning;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Extender.TestKit.Fakes.Capacity;
using Extender.TestKit.Fakes.Disruption;
using Extender.TestKit.Fakes.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Extender.Benchmarks.Provisioning;

/// <summary>
/// The provisioning pipeline with its default options on the real clock, running as the host runs it (hosted
/// services), over in-memory ports and a zero-latency capacity fake.
/// </summary>
internal sealed class ProvisioningPipeline : IAsyncDisposable
{
    private static readonly InstanceCatalog Catalog = DefaultCatalog.Load();
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    public ProvisioningPipeline()
    {
        Capacity = new FakeCapacityProvider(TimeProvider.System, Catalog.InstanceTypes);
        Store = new FakeNodeClaimStore(TimeProvider.System);
        var control = new FakeClusterControl
        {
            NodePools =
            [
                new NodePool
                {
                    Name = "default",
                    Requirements = RequirementSet.FromSelectors([new NodeSelectorRequirement(WellKnownLabels.CapacityType, "In", [CapacityTypes.OnDemand])]),
                },
            ],
        };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Cluster)
            .AddSingleton<ICapacityProvider>(Capacity)
            .AddSingleton<INodeClaimStore>(Store)
            .AddSingleton<IPodEventRecorder>(new RecordingPodEventRecorder())
            .AddSingleton<INodePatcher>(new RecordingNodePatcher())
            .AddSingleton<ILeadership>(control)
            .AddSingleton<ISyncStatus>(control)
            .AddSingleton<INodePoolSource>(control)
            .AddSingleton<IDaemonSetSource>(control)
            .AddSingleton<Extender.Disruption.Ports.IPodBudgetSource>(control)
            .AddSingleton<IPodEvictor>(new FakePodEvictor())
            .AddSingleton<IVolumeAttachmentSource>(new FakeVolumeAttachments())
            .AddSingleton<INodeClassDrift>(new FakeNodeClassDrift())
            .AddSingleton<IDisruptionEvents>(new RecordingDisruptionEvents())
            .AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddProvisioner(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
        _hosted = [.. _services.GetServices<IHostedService>()];
        Watch = _services.GetRequiredService<PodWatchSource>();
        Ledger = _services.GetRequiredService<ReservationLedger>();
    }

    public ClusterState Cluster { get; } = new();
    public FakeCapacityProvider Capacity { get; }
    public FakeNodeClaimStore Store { get; }
    public PodWatchSource Watch { get; }
    public ReservationLedger Ledger { get; }

    /// <summary>Starts the loops and waits until the leader has loaded its claims and the catalog, as a running sidecar has.</summary>
    public async Task StartAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await _services.GetRequiredService<LeaderStart>().EnsureAsync(CancellationToken.None);
    }

    /// <summary>What the pod watch does when kube-scheduler marks a pod Unschedulable.</summary>
    public void Detect(Pod pod)
    {
        Cluster.UpsertPod(pod);
        Watch.OnPodChanged(pod);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
