using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Core.Resources;
using Extender.Kubernetes.Mapping;
using Extender.Sandbox.Demo;
using k8s;
using k8s.Models;

namespace Extender.Demo.Phases;

/// <summary>
/// The headroom phase: once the scenario's CapacityBuffers hold their room on Ready nodes, every Deployment wave with a
/// <c>scaleUpTo</c> is scaled up at the same moment, so the pods of the Deployments a buffer names compete with the
/// others for capacity. Measured from the sandbox's record: each new pod's pending → bound from the scheduler's
/// bindings, the room held from the claims' <c>reservedFor</c>, and who bound onto it from the pods, their requests and
/// the nodes' allocatable.
/// </summary>
internal static class HeadroomPhase
{
    /// <summary>How long the phase waits, before the scale-up, for the buffers to hold their room on Ready nodes.</summary>
    public static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);

    /// <summary>How long after the scale-up the new pods may take to bind and the room to be held again.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether the run has the phase: a wave to scale up.</summary>
    public static bool Applies(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Waves.Any(w => w.ScaleUpTo is not null);
    }

    public static async Task<HeadroomFigures> RunAsync(DemoEnvironment environment, Scenario scenario, WorkloadDriver driver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(driver);
        var api = environment.Api;
        var buffered = scenario.Waves.Where(w => scenario.CapacityBuffers.Any(b => CapacityBufferManifests.Covers(b, w))).ToHashSet();
        await WaitAsync(() => RoomHeld(environment), ReadyLimit, cancellationToken);

        var readyBefore = SandboxState.ReadyNodes(api);
        var slotsBefore = SandboxState.BufferSlots(api);
        var podsBefore = api.List("v1", "Pod");
        var existing = podsBefore.Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var waves = await driver.ScaleUpAsync(cancellationToken);
        var expected = waves.Sum(w => w.ScaleUpTo!.Value - w.Count);
        var known = slotsBefore.Select(s => s.Uid).ToHashSet(StringComparer.Ordinal);
        double? firstRefill = null;
        var settled = await WaitAsync(
            () =>
            {
                if (firstRefill is null && SandboxState.BufferSlots(api).Any(s => !known.Contains(s.Uid)))
                {
                    firstRefill = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
                }

                var added = NewPods(api, waves, existing);
                return added.Count >= expected && added.All(p => StatusSampler.IsBound(p.Pod)) && RoomHeld(environment);
            },
            Limit,
            cancellationToken);
        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 1);

        var newPods = NewPods(api, waves, existing);
        var bindings = environment.SchedulerMetrics.Bindings.ToDictionary(b => b.PodUid, StringComparer.Ordinal);
        Percentiles PendingToBound(IEnumerable<JsonObject> pods) =>
            Percentiles.Of(pods.Select(p => bindings.TryGetValue(StatusSampler.Uid(p), out var b) ? b.PendingToBound.TotalMilliseconds : (double?)null).OfType<double>());
        var mine = newPods.Where(p => buffered.Contains(p.Wave)).Select(p => p.Pod).ToList();
        var others = newPods.Where(p => !buffered.Contains(p.Wave)).Select(p => p.Pod).ToList();
        var held = slotsBefore.Where(s => s.Node is { } node && readyBefore.Contains(node)).ToList();
        var (used, taken) = RoomUse(api, held, podsBefore, mine.Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal));
        var slotsAfter = SandboxState.BufferSlots(api);
        var readyAfter = SandboxState.ReadyNodes(api);
        return new HeadroomFigures(
            mine.Count,
            PendingToBound(mine),
            others.Count,
            PendingToBound(others),
            held.Count,
            used,
            taken,
            slotsAfter.Count(s => !known.Contains(s.Uid)),
            firstRefill,
            slotsAfter.Count(s => s.Node is { } node && readyAfter.Contains(node)),
            seconds,
            settled);
    }

    /// <summary>
    /// The fewest of a node's buffer slots whose room other pods must have used: none while what they bound there fits
    /// in what the node had free beside the slots when the scale-up began, else as many slots as it takes to make it fit.
    /// </summary>
    /// <param name="spare">The node's allocatable less its pods' requests and its slots, at the start.</param>
    /// <param name="others">What the pods other than the buffer's bound onto the node since asked for.</param>
    /// <param name="slots">The room of each slot the node held at the start.</param>
    public static int SlotsTaken(ResourceList spare, ResourceList others, IReadOnlyList<ResourceList> slots)
    {
        ArgumentNullException.ThrowIfNull(spare);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(slots);
        var room = spare;
        var taken = 0;
        while (!others.FitsIn(room) && taken < slots.Count)
        {
            room = room.Add(slots[taken++]);
        }

        return taken;
    }

    /// <summary>
    /// Per node that held buffer room at the start: the slots the buffer's new pods bound onto (at most as many as it
    /// held there), and the slots other pods bound since must have taken (<see cref="SlotsTaken"/>).
    /// </summary>
    private static (int Used, int Taken) RoomUse(Sandbox.Kubernetes.SandboxApiServer api, List<BufferSlot> held, IReadOnlyList<JsonObject> podsBefore, HashSet<string> mine)
    {
        var boundBefore = podsBefore.Where(StatusSampler.IsBound).Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal);
        var allocatable = api.List("v1", "Node").ToDictionary(n => (string)n["metadata"]!["name"]!, n => NodeMapper.Map(KubernetesJson.Deserialize<V1Node>(n.ToJsonString())).Allocatable, StringComparer.Ordinal);
        var before = podsBefore.Where(p => StatusSampler.IsBound(p) && SandboxState.IsLive(p)).ToLookup(SandboxState.NodeName);
        var since = api.List("v1", "Pod").Where(p => StatusSampler.IsBound(p) && !boundBefore.Contains(StatusSampler.Uid(p))).ToLookup(SandboxState.NodeName);
        var used = 0;
        var taken = 0;
        foreach (var slots in held.GroupBy(s => s.Node!, StringComparer.Ordinal))
        {
            var demands = slots.Select(s => s.Demand).ToList();
            used += Math.Min(demands.Count, since[slots.Key].Count(p => mine.Contains(StatusSampler.Uid(p))));
            var spare = demands.Aggregate(allocatable.GetValueOrDefault(slots.Key) ?? ResourceList.Empty, (free, slot) => free.Subtract(slot)).Subtract(Requests(before[slots.Key]));
            taken += SlotsTaken(spare, Requests(since[slots.Key].Where(p => !mine.Contains(StatusSampler.Uid(p)))), demands);
        }

        return (used, taken);
    }

    private static ResourceList Requests(IEnumerable<JsonObject> pods) =>
        pods.Select(p => PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(p.ToJsonString())).Requests).Aggregate(ResourceList.Empty, (sum, r) => sum.Add(r));

    /// <summary>The pods of <paramref name="waves"/> that were not there before the scale-up, with their wave.</summary>
    private static List<(Wave Wave, JsonObject Pod)> NewPods(Sandbox.Kubernetes.SandboxApiServer api, IReadOnlyList<Wave> waves, HashSet<string> existing) =>
        [.. api.List("v1", "Pod")
            .Where(p => !existing.Contains(StatusSampler.Uid(p)) && p["metadata"]?["deletionTimestamp"] is null)
            .SelectMany(p => waves
                .Where(w => (string?)p["metadata"]?["namespace"] == w.Namespace && (string?)p["metadata"]?["labels"]?[WavePods.AppLabel] == w.Name)
                .Select(w => (w, p)))];

    /// <summary>Whether every buffer holds the replicas its status asks for on Ready nodes (true when there are none).</summary>
    private static bool RoomHeld(DemoEnvironment environment)
    {
        var ready = SandboxState.ReadyNodes(environment.Api);
        var slots = SandboxState.BufferSlots(environment.Api).Where(s => s.Node is { } node && ready.Contains(node)).ToLookup(s => s.BufferUid);
        return environment.Api.List($"{CapacityBufferManifests.Group}/{CapacityBufferManifests.Version}", "CapacityBuffer")
            .All(b => (int?)b["status"]?["replicas"] is { } wanted && slots[(string?)b["metadata"]?["uid"] ?? ""].Count() >= wanted);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="limit"/> passes (false).</summary>
    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed >= limit)
            {
                return false;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return true;
    }
}
