using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;
using Extender.Disruption.Ports;
using Extender.Provisioning;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Lifecycle;
using Extender.Provisioning.Ports;
using Extender.TestKit.Fakes.Capacity;
using Extender.TestKit.Fakes.Disruption;
using Extender.TestKit.Fakes.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UnschedulablePod = Extender.Provisioning.Detection.UnschedulablePod;

namespace Extender.Tests.Provisioning;

/// <summary>
/// The provisioning pipeline as the host composes it, over in-memory ports and the capacity fake. The "world"
/// (cluster, store, cloud, clock) outlives a harness, so <see cref="Restart"/> models a new process.
/// </summary>
internal sealed class ProvisioningHarness : IDisposable
{
    private static readonly InstanceCatalog Catalog = DefaultCatalog.Load();
    private readonly ServiceProvider _services;

    private ProvisioningHarness(World world)
    {
        Worlds = world;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(world.Time)
            .AddSingleton(world.Cluster)
            .AddSingleton<ICapacityProvider>(world.Capacity)
            .AddSingleton<INodeClaimStore>(world.Store)
            .AddSingleton<IPodEventRecorder>(world.Events)
            .AddSingleton<INodePatcher>(world.Patcher)
            .AddSingleton<ILeadership>(world.Control)
            .AddSingleton<ISyncStatus>(world.Control)
            .AddSingleton<INodePoolSource>(world.Control)
            .AddSingleton<IDaemonSetSource>(world.Control)
            .AddSingleton<IPodBudgetSource>(world.Control)
            .AddSingleton<IPodEvictor>(world.Evictor)
            .AddSingleton<IVolumeAttachmentSource>(world.Volumes)
            .AddSingleton<IDisruptionEvents>(world.DisruptionEvents)
            .AddSingleton<INodeClassDrift>(world.NodeClasses)
            .AddSingleton(Prometheus.Metrics.NewCustomRegistry());
        services.AddProvisioner(new ConfigurationBuilder().Build());
        _services = services.BuildServiceProvider();
    }

    public World Worlds { get; }

    public FakeTimeProvider Time => Worlds.Time;
    public ClusterState Cluster => Worlds.Cluster;
    public FakeNodeClaimStore Store => Worlds.Store;
    public FakeCapacityProvider Capacity => Worlds.Capacity;
    public RecordingPodEventRecorder Events => Worlds.Events;

    public ReservationLedger Ledger => Get<ReservationLedger>();
    public PendingPodChannel Channel => Get<PendingPodChannel>();
    public ClaimRegistry Registry => Get<ClaimRegistry>();
    public ClaimLifecycle Lifecycle => Get<ClaimLifecycle>();
    public GarbageCollector Collector => Get<GarbageCollector>();

    public static NodePool Pool(params NodeSelectorRequirement[] requirements) => new()
    {
        Name = "default",
        Requirements = RequirementSet.FromSelectors([new NodeSelectorRequirement(WellKnownLabels.CapacityType, "In", [CapacityTypes.OnDemand]), .. requirements]),
    };

    public static ProvisioningHarness Start(NodePool pool)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var world = new World(time, new ClusterState(), new FakeNodeClaimStore(time), new FakeCapacityProvider(time, Catalog.InstanceTypes), new RecordingPodEventRecorder(), new RecordingNodePatcher(), new FakeClusterControl { NodePools = [pool] },
            new FakePodEvictor(), new FakeVolumeAttachments(), new RecordingDisruptionEvents(), new FakeNodeClassDrift());
        return new ProvisioningHarness(world);
    }

    /// <summary>A new process over the same cluster, store and cloud: nothing in memory survives.</summary>
    public ProvisioningHarness Restart() => new(Worlds);

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The pods appear in the cluster as kube-scheduler leaves them: pending and marked Unschedulable.</summary>
    public void AddPendingPods(IEnumerable<Pod> pods)
    {
        foreach (var pod in pods)
        {
            Cluster.UpsertPod(pod);
            Get<PodWatchSource>().OnPodChanged(pod);
        }
    }

    /// <summary>Plans whatever the detection sources queued, as one batch, and waits for its launches (and re-plans).</summary>
    public async Task ProvisionQueuedAsync()
    {
        await PlanQueuedAsync();
        await Get<InFlightLaunches>().WhenIdleAsync(CancellationToken.None);
    }

    /// <summary>Plans whatever the detection sources queued, as one batch; its launches may still be running.</summary>
    public Task PlanQueuedAsync()
    {
        var batch = new List<UnschedulablePod>();
        while (Channel.TryRead(out var pending))
        {
            batch.Add(pending);
        }

        return Get<BatchProvisioner>().ProvisionAsync(batch, CancellationToken.None);
    }

    /// <summary>Every launched claim's kubelet registers a Ready node carrying the claim's labels.</summary>
    public IReadOnlyList<Node> BootNodes()
    {
        var booted = new List<Node>();
        foreach (var claim in Store.Claims.Where(c => c.IsLaunched && !c.IsRegistered))
        {
            var labels = new Dictionary<string, string>(Catalog.Find(claim.Status.InstanceType!)!.Labels)
            {
                [WellKnownLabels.Zone] = claim.Status.Zone!,
                [WellKnownLabels.CapacityType] = claim.Status.CapacityType!,
            };
            var node = new Node
            {
                Name = "ip-" + claim.Status.ProviderId![^8..],
                ProviderId = claim.Status.ProviderId,
                Allocatable = claim.Status.Allocatable,
                Labels = labels,
                CreatedAt = Time.GetUtcNow(),
            };
            Cluster.UpsertNode(node);
            Get<NodeWatchSource>().OnNodeChanged(node);
            booted.Add(node);
        }

        return booted;
    }

    /// <summary>
    /// Buys a node for <paramref name="pod"/> (pending, unschedulable), boots and initializes it, and binds the pod there
    /// with its reservation released: a node in use, as the disruption tests start from.
    /// </summary>
    public async Task<Node> RunOnNewNodeAsync(Pod pod)
    {
        AddPendingPods([pod]);
        await ProvisionQueuedAsync();
        var node = BootNodes().Single();
        await Lifecycle.TickAsync(CancellationToken.None);
        await Lifecycle.TickAsync(CancellationToken.None);
        Bind(Cluster.Current.FindPod(pod.Uid)!, node.Name);
        Ledger.Update(s => s.ReleasePods([pod.Uid]));
        return node;
    }

    /// <summary>The node watch sees <paramref name="node"/> deleted (after it left the cluster state, as the watch does it).</summary>
    public void DeleteNode(Node node)
    {
        Cluster.DeleteNode(node.Name);
        Get<NodeWatchSource>().OnNodeDeleted(node);
    }

    /// <summary>The Prometheus text exposition of this host's metrics.</summary>
    public async Task<string> MetricsTextAsync()
    {
        using var stream = new MemoryStream();
        await Get<Prometheus.CollectorRegistry>().CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public void Bind(Pod pod, string nodeName)
    {
        var bound = pod with { NodeName = nodeName, MarkedUnschedulable = false };
        Cluster.UpsertPod(bound);
        Get<PodWatchSource>().OnPodChanged(bound);
    }

    /// <summary>
    /// The node kube-scheduler would pick with our extender: nodes that fit once others' reservations are taken out
    /// (filter), the pod's reserved node first (prioritize scores it 10), then least waste, then name.
    /// </summary>
    public string? Schedule(Pod pod)
    {
        var snapshot = Cluster.Current;
        var reservations = Ledger.Current;
        return snapshot.Nodes
            .Where(n => NodeFit.Evaluate(pod, n, snapshot, reservations.HeldForOthers(n.Node.Name, pod.Uid, snapshot)).Fits)
            .OrderByDescending(n => reservations.IsReservedOn(pod.Uid, n.Node.Name))
            .ThenByDescending(n => NodeScoring.LeastWaste(pod, n))
            .ThenBy(n => n.Node.Name, StringComparer.Ordinal)
            .Select(n => n.Node.Name)
            .FirstOrDefault();
    }

    public void Dispose() => _services.Dispose();

    internal sealed record World(
        FakeTimeProvider Time,
        ClusterState Cluster,
        FakeNodeClaimStore Store,
        FakeCapacityProvider Capacity,
        RecordingPodEventRecorder Events,
        RecordingNodePatcher Patcher,
        FakeClusterControl Control,
        FakePodEvictor Evictor,
        FakeVolumeAttachments Volumes,
        RecordingDisruptionEvents DisruptionEvents,
        FakeNodeClassDrift NodeClasses);
}
