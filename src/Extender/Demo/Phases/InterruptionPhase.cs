using System.Diagnostics;
using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Sqs;

namespace Extender.Demo.Phases;

/// <summary>
/// The interruption phase: EC2's spot warning, through the sandbox interruption queue, for the spot nodes holding the
/// most controller-managed pods; each instance reclaimed after the scaled notice. Measured from the sandbox's own
/// state: which pods had to move, whether their new pods ran on capacity held for them before the reclaim, when the
/// replacements were launched, and whether any node drained before its pods' destinations were Ready.
/// </summary>
internal static class InterruptionPhase
{
    /// <summary>How long after the reclaim the moved pods may take to run again before the phase ends anyway.</summary>
    public static readonly TimeSpan AfterReclaim = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<InterruptionFigures> RunAsync(DemoEnvironment environment, SpotInterruption interruption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(interruption);
        var queue = environment.InterruptionQueue ?? throw new InvalidOperationException("the interruption queue was not started");
        var pods = SandboxState.LivePods(environment.Api);
        var victims = environment.Ec2.Instances
            .Where(i => i.State == "running" && i.CapacityType == "spot")
            .OrderByDescending(i => pods.Count(p => SandboxState.NodeName(p) == i.PrivateDnsName && SandboxState.ControllerUid(p) is not null))
            .ThenBy(i => i.InstanceId, StringComparer.Ordinal)
            .Take(interruption.Nodes)
            .ToList();
        var victimNodes = victims.Select(v => v.PrivateDnsName).ToHashSet(StringComparer.Ordinal);
        var toMove = pods.Where(p => victimNodes.Contains(SandboxState.NodeName(p)) && SandboxState.ControllerUid(p) is not null).ToList();
        var perController = toMove.GroupBy(p => SandboxState.ControllerUid(p)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var existing = pods.Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal);

        var interrupter = new SpotInterrupter(environment.Ec2, queue, DemoEnvironment.InterruptionQueueName, TimeProvider.System) { Notice = interruption.Notice };
        var slotsBefore = SlotsPerController(SlotEntries(environment));
        var noticeAt = TimeProvider.System.GetUtcNow();
        foreach (var victim in victims)
        {
            queue.Send(DemoEnvironment.InterruptionQueueName, interrupter.Warning(victim.InstanceId, noticeAt));
        }

        var evictedEarly = await WatchEvictionsAsync(environment, toMove, slotsBefore, noticeAt + interruption.Notice, cancellationToken);
        // Counted at the moment of the reclaim, as EC2 would take the instances back.
        var onReserved = Moved(environment, perController, existing, victimNodes, onHeldCapacityOnly: true);
        var reclaimAt = TimeProvider.System.GetUtcNow();
        foreach (var victim in victims)
        {
            environment.Ec2.Reclaim(victim.InstanceId);
        }

        var moved = Moved(environment, perController, existing, victimNodes, onHeldCapacityOnly: false);
        var wait = Stopwatch.StartNew();
        while (moved < toMove.Count && wait.Elapsed < AfterReclaim)
        {
            await Task.Delay(PollInterval, cancellationToken);
            moved = Moved(environment, perController, existing, victimNodes, onHeldCapacityOnly: false);
        }

        var receivedAt = queue.Receipts.DefaultIfEmpty(noticeAt).Min();
        var replacements = environment.Ec2.Instances.Where(i => i.LaunchTime >= noticeAt && i.LaunchTime <= reclaimAt).ToList();
        return new InterruptionFigures(
            interruption.Notice.TotalSeconds,
            victims.Count,
            toMove.Count,
            onReserved,
            moved,
            replacements.Count,
            Percentiles.Of(replacements.Select(i => Math.Max(0, (i.LaunchTime - receivedAt).TotalMilliseconds))),
            evictedEarly);
    }

    /// <summary>
    /// Per controller, the new pods (not there before the warnings) Running off the interrupted nodes, at most as many
    /// as it had on them; with <paramref name="onHeldCapacityOnly"/>, only those on a node whose claim holds a
    /// replacement slot for that controller.
    /// </summary>
    private static int Moved(DemoEnvironment environment, Dictionary<string, int> perController, HashSet<string> existing, HashSet<string> victimNodes, bool onHeldCapacityOnly)
    {
        var held = onHeldCapacityOnly ? SlotEntries(environment).ToHashSet() : null;
        var fresh = environment.Api.List("v1", "Pod")
            .Where(p => SandboxState.IsRunning(p) && !existing.Contains(StatusSampler.Uid(p)) && !victimNodes.Contains(SandboxState.NodeName(p)))
            .Where(p => SandboxState.ControllerUid(p) is { } owner && perController.ContainsKey(owner))
            .Where(p => held is null || held.Contains((SandboxState.NodeName(p), SandboxState.ControllerUid(p)!)))
            .GroupBy(p => SandboxState.ControllerUid(p)!, StringComparer.Ordinal);
        return fresh.Sum(g => Math.Min(g.Count(), perController[g.Key]));
    }

    /// <summary>(node, controller UID) for every replacement slot written in a registered claim's <c>reservedFor</c>.</summary>
    private static List<(string Node, string Owner)> SlotEntries(DemoEnvironment environment) =>
        [.. SandboxState.Claims(environment.Api)
            .Where(c => (string?)c["status"]?["nodeName"] is not null)
            .SelectMany(c => (c["spec"]?["reservedFor"]?.AsArray() ?? [])
                .Select(r => (string?)r?["replaces"]?["ownerUid"])
                .OfType<string>()
                .Select(owner => ((string)c["status"]!["nodeName"]!, owner)))];

    private static Dictionary<string, int> SlotsPerController(IEnumerable<(string Node, string Owner)> slots) =>
        slots.GroupBy(slot => slot.Owner, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Until <paramref name="reclaimAt"/>, watches the pods that must move; when one is first seen evicted (terminating
    /// or gone), checks that its controller had, on Ready nodes, at least as many replacement slots written since the
    /// warnings as it had pods evicted so far. Returns the pods evicted before that: before their destination was Ready.
    /// </summary>
    private static async Task<int> WatchEvictionsAsync(DemoEnvironment environment, List<JsonObject> toMove, Dictionary<string, int> slotsBefore, DateTimeOffset reclaimAt, CancellationToken cancellationToken)
    {
        var evicted = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var early = 0;
        while (TimeProvider.System.GetUtcNow() is var now && now < reclaimAt)
        {
            var live = environment.Api.List("v1", "Pod").Where(p => p["metadata"]?["deletionTimestamp"] is null).Select(StatusSampler.Uid).ToHashSet(StringComparer.Ordinal);
            var gone = toMove.Where(p => !live.Contains(StatusSampler.Uid(p)) && seen.Add(StatusSampler.Uid(p))).ToList();
            if (gone.Count > 0)
            {
                var readyNodes = SandboxState.ReadyNodes(environment.Api);
                var ready = SlotsPerController(SlotEntries(environment).Where(slot => readyNodes.Contains(slot.Node)));
                foreach (var pod in gone)
                {
                    var owner = SandboxState.ControllerUid(pod)!;
                    evicted[owner] = evicted.GetValueOrDefault(owner) + 1;
                    if (ready.GetValueOrDefault(owner) - slotsBefore.GetValueOrDefault(owner) < evicted[owner])
                    {
                        early++;
                    }
                }
            }

            var left = reclaimAt - now;
            await Task.Delay(left < PollInterval ? left : PollInterval, cancellationToken);
        }

        return early;
    }
}
