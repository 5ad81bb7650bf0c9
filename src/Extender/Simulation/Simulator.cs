using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Reservations;
using Extender.Core.Simulation;
using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Simulation;

/// <summary>
/// Replays a <see cref="SimulationTrace"/> on a virtual clock through the production decisions: the same batching window, the
/// same <see cref="Planner"/> fed by the provisioner's own <c>PlanInputs</c>, the same claims (<c>ClaimFactory</c>),
/// reservation ledger and cluster snapshot, and the same disruption decisions. What the cloud and the kubelet do is
/// modelled: an instance launches at once and its node is Ready <see cref="SimulationTrace.BootTime"/> later, when the pods
/// reserved on it bind; pods the plan puts on a Ready node bind at once where kube-scheduler would put them with
/// the extender's <c>prioritize</c>; a Deployment scaled down deletes the pods its ReplicaSet controller would; eviction and
/// termination take no time. Single-threaded and driven only by its event queue, so one trace gives one report.
/// </summary>
internal sealed partial class Simulator
{
    /// <summary>A Monday at midnight UTC, so budget schedules read naturally.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How soon pods no NodePool could take are planned again (kube-scheduler retries them too).</summary>
    private static readonly TimeSpan UnschedulableRetry = TimeSpan.FromMinutes(1);

    private readonly SimulationTrace _trace;
    private readonly IReadOnlyList<NodePool> _pools;
    private readonly Dictionary<string, NodePool> _poolsByName;
    private readonly InstanceCatalog _catalog;
    private readonly SimulatedClock _clock = new(Start);
    private readonly ClusterState _cluster = new();
    private readonly ReservationLedger _ledger = new();
    private readonly LeftToScheduler _left;
    private readonly BatchingOptions _batching = new();
    private readonly PriorityQueue<Action, (DateTimeOffset At, long Sequence)> _queue = new();
    private readonly SortedDictionary<string, NodeClaim> _claims = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _queuedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _named = new(StringComparer.Ordinal);

    // When each pod became Ready (bound, here): the ReplicaSet controller ranks by it and the core Pod does not carry it.
    private readonly Dictionary<string, DateTimeOffset> _readyAt = new(StringComparer.Ordinal);
    private readonly SimulationRecorder _recorder;
    private long _sequence;
    private int _claimCount;
    private BatchWindow? _batch;
    private long _batchGeneration;
    private bool _retryScheduled;

    public Simulator(SimulationTrace trace, IReadOnlyList<NodePool> pools, InstanceCatalog catalog)
    {
        _trace = trace;
        _pools = pools;
        _poolsByName = pools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _catalog = catalog;
        _left = new LeftToScheduler(Options.Create(new DetectionOptions()), _clock);
        _recorder = new SimulationRecorder(CostBound.For(catalog, pools), Start);
    }

    /// <summary>Called after each sample with the state the sample describes (the invariant checks of the tests).</summary>
    public Action<SimulationView>? Observe { get; init; }

    private DateTimeOffset Now => _clock.Now;

    public SimulationReport Run()
    {
        var end = Start + _trace.Duration;
        foreach (var step in _trace.Events)
        {
            At(step.At, () => Apply(step));
        }

        At(TimeSpan.Zero, Sample);
        At(_trace.DisruptionInterval, Disrupt);
        while (_queue.TryPeek(out _, out var next) && next.At <= end)
        {
            var action = _queue.Dequeue();
            _recorder.Advance(next.At);
            _clock.Now = next.At;
            action();
        }

        _recorder.Advance(end);
        return _recorder.Report(_trace.Duration);
    }

    private void At(TimeSpan offset, Action action) => Schedule(Start + offset, action);

    private void Schedule(DateTimeOffset at, Action action) => _queue.Enqueue(action, (at, _sequence++));

    private void Sample()
    {
        var snapshot = _cluster.Current;
        _recorder.Sample(Now - Start, _queuedAt.Count, snapshot.AllPods.Where(p => !p.IsFinished));
        Observe?.Invoke(new SimulationView(Now, snapshot, _ledger.Current, [.. _claims.Values], _recorder.CostPerHour, _catalog));
        Schedule(Now + _trace.SampleInterval, Sample);
    }

    private void Apply(TraceEvent step)
    {
        var live = Group(step.Group);
        if (step.Replicas is { } replicas)
        {
            var snapshot = _cluster.Current;
            var members = live.Select(snapshot.FindPod).OfType<Pod>()
                .Select(p => new ReplicaSetScaleDown.Member(p.Uid, p.NodeName, p.Phase == "Running", _readyAt.TryGetValue(p.Uid, out var ready) ? ready : null, p.CreatedAt))
                .ToList();
            var victims = ReplicaSetScaleDown.Victims(members, live.Count - replicas, Now);
            foreach (var uid in victims)
            {
                Depart(uid);
            }

            Create(step, replicas - live.Count, "ReplicaSet");
            return;
        }

        foreach (var uid in Create(step, step.Count, "Job"))
        {
            if (step.Lifetime is { } lifetime)
            {
                Schedule(Now + lifetime, () => Depart(uid));
            }
        }
    }

    private List<string> Group(string name) => _groups.TryGetValue(name, out var live) ? live : _groups[name] = [];

    private List<string> Create(TraceEvent step, int count, string ownerKind)
    {
        var created = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var n = _named[step.Group] = _named.GetValueOrDefault(step.Group) + 1;
            var pod = new Pod
            {
                Uid = $"{step.Group}-{n}",
                Namespace = "default",
                Name = $"{step.Group}-{n}",
                Labels = new Dictionary<string, string> { ["app"] = step.Group },
                Requests = step.Requests,
                CreatedAt = Now,
                OwnerKind = ownerKind,
            };
            _cluster.UpsertPod(pod);
            Group(step.Group).Add(pod.Uid);
            _recorder.PodCreated();
            Queue(pod);
            created.Add(pod.Uid);
        }

        return created;
    }

    private void Depart(string uid)
    {
        if (_cluster.Current.FindPod(uid) is not { } pod)
        {
            return;
        }

        if (pod.NodeName is { } node && _nodes.TryGetValue(node, out var live))
        {
            live.LastPodChange = Now;
        }

        _queuedAt.Remove(uid);
        _readyAt.Remove(uid);
        _ledger.Update(s => s.ReleasePods([uid]));
        _cluster.DeletePod(uid);
        Group(pod.Labels["app"]).Remove(uid);
        _recorder.PodGone(uid, Now);
    }
}
