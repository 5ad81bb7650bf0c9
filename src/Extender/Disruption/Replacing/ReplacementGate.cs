using System.Collections.Concurrent;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Disruption.Ports;
using Extender.Disruption.Termination;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Replacing;

/// <summary>
/// Holds a node's eviction until the room reserved for its pods is Ready (<see cref="ReplacementReserver"/>), for the
/// claims a disruption decided to take down (condition <c>Disrupting</c>: drift, expiry, emptiness) and the ones an
/// interruption warned about (<see cref="PrepareAsync"/>). A claim deleted by hand is not held: an uninstall deletes
/// every claim, and buying replacements for it would be wrong. The wait ends at
/// <see cref="ReplacementOptions.ReadyTimeout"/> (interruption: the notice's deadline; always: the termination
/// deadline less the pods' grace) with a warning event, and the node drains anyway: a wait is never a stuck node.
/// </summary>
internal sealed class ReplacementGate(
    ReplacementReserver reserver,
    NodeDrainer drainer,
    IDisruptionEvents events,
    IOptions<ReplacementOptions> options,
    TimeProvider time,
    ILogger<ReplacementGate> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// An interruption warned that <paramref name="claim"/>'s instance goes at <paramref name="reclaimAt"/>: taint its
    /// node and reserve for its pods now, before its deletion is even requested, so the launches start at once.
    /// </summary>
    public async Task PrepareAsync(NodeClaim claim, NodeState node, DateTimeOffset reclaimAt, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var grace = node.Pods.Select(p => p.TerminationGracePeriod).DefaultIfEmpty(TimeSpan.Zero).Max();
        var entry = _entries.GetOrAdd(claim.Name, _ => new Entry(reclaimAt - grace - options.Value.DeadlineMargin, "the interruption notice's deadline"));
        await StartAsync(entry, claim, node, cancellationToken);
    }

    /// <summary>
    /// A consolidation moves several nodes' pods as one plan (eight one-pod nodes onto three): taint them and hold
    /// room for all their pods at once, and let each claim's termination wait on that one hold.
    /// </summary>
    public async Task PrepareMoveAsync(IReadOnlyList<(NodeClaim Claim, NodeState Node)> nodes, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || nodes.Count == 0)
        {
            return;
        }

        var entry = new Entry(time.GetUtcNow() + options.Value.ReadyTimeout, $"the {options.Value.ReadyTimeout.TotalMinutes:0.#} min wait for replacements");
        foreach (var (claim, _) in nodes)
        {
            _entries[claim.Name] = entry;
        }

        await StartAsync(entry, nodes[0].Claim, [.. nodes.Select(n => n.Node)], cancellationToken);
    }

    /// <summary>True once <paramref name="claim"/>'s node may be drained: its replacements are Ready, or the wait is over, or it is not held at all.</summary>
    /// <param name="claim">The claim being terminated.</param>
    /// <param name="node">Its node.</param>
    /// <param name="deadline">The termination deadline (deletion + the NodePool's terminationGracePeriod), or null.</param>
    /// <param name="cancellationToken">Stops the reservation's writes.</param>
    public async Task<bool> ReadyToEvictAsync(NodeClaim claim, NodeState node, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return true;
        }

        if (!_entries.TryGetValue(claim.Name, out var entry))
        {
            if (!claim.Status.IsTrue(NodeClaimConditionTypes.Disrupting))
            {
                return true;
            }

            var grace = node.Pods.Select(p => p.TerminationGracePeriod).DefaultIfEmpty(TimeSpan.Zero).Max();
            var timeout = time.GetUtcNow() + options.Value.ReadyTimeout;
            entry = _entries.GetOrAdd(claim.Name, _ => deadline - grace is { } bound && bound < timeout
                ? new Entry(bound, "the termination deadline")
                : new Entry(timeout, $"the {options.Value.ReadyTimeout.TotalMinutes:0.#} min wait for replacements"));
        }

        if (entry.Passed)
        {
            return true;
        }

        await StartAsync(entry, claim, node, cancellationToken);
        var state = reserver.Check(entry.Hold!);
        if (state.Lost.Count > 0 && entry.Replans < options.Value.MaxReplans)
        {
            entry.Replans++;
            await reserver.ReserveAgainAsync(entry.Hold!, state.Lost, cancellationToken);
            state = reserver.Check(entry.Hold!);
        }

        var now = time.GetUtcNow();
        var waited = now - entry.Hold!.ReservedAt;
        if (state.Waiting == 0 && (state.Lost.Count == 0 || entry.Replans >= options.Value.MaxReplans))
        {
            entry.Passed = true;
            ReplacementLog.Ready(logger, claim.Name, node.Node.Name, state.Ready, state.Lost.Count, entry.Hold.Plan.NotReplaced.Count, waited.TotalSeconds);
            if (entry.Hold.Plan.Moving.Count > 0)
            {
                events.OnClaim(claim, state.Lost.Count > 0, "ReplacementReady", Describe(entry.Hold, state, waited));
            }

            return true;
        }

        if (now >= entry.Until)
        {
            entry.Passed = true;
            var why = $"evicting before the replacements are Ready: {entry.UntilWhat} passed; {Describe(entry.Hold, state, waited)}";
            ReplacementLog.NotReady(logger, claim.Name, node.Node.Name, state.Ready, state.Waiting, state.Lost.Count, waited.TotalSeconds);
            events.OnClaim(claim, true, "ReplacementNotReady", why);
            events.OnNode(node.Node.Name, true, "ReplacementNotReady", why);
            return true;
        }

        return false;
    }

    /// <summary>The claim is gone: its wait is over (the slots stay held for the pods coming back).</summary>
    public void Forget(string claimName) => _entries.TryRemove(claimName, out _);

    private async Task StartAsync(Entry entry, NodeClaim claim, NodeState node, CancellationToken cancellationToken) =>
        await StartAsync(entry, claim, [node], cancellationToken);

    private async Task StartAsync(Entry entry, NodeClaim claim, IReadOnlyList<NodeState> nodes, CancellationToken cancellationToken)
    {
        await entry.Starting.WaitAsync(cancellationToken);
        try
        {
            if (entry.Hold is not null)
            {
                return;
            }

            // Nothing new may land on the node while its pods' room is bought elsewhere. The plan leaves the node out
            // whether or not the taint is on yet, so the two run side by side (an interruption's launches wait for neither).
            var started = time.GetTimestamp();
            var reserving = reserver.ReserveAsync([.. nodes.Select(n => n.Node.Name)], cancellationToken);
            await Task.WhenAll([.. nodes.Select(n => drainer.TaintAsync(n.Node, cancellationToken)), reserving]);
            entry.Hold = await reserving;
            ReplacementLog.Reserved(logger, claim.Name, string.Join(", ", nodes.Select(n => n.Node.Name)), entry.Hold.Plan.Moving.Count, entry.Hold.Claims.Count, entry.Hold.Plan.NotReplaced.Count, time.GetElapsedTime(started).TotalMilliseconds);
            if (entry.Hold.Plan.NotReplaced.Count > 0)
            {
                var bare = entry.Hold.Plan.NotReplaced;
                events.OnClaim(claim, true, "NoReplacement", $"pod {bare[0].Key} has no controller to recreate it, so no room is held for it" + (bare.Count > 1 ? $" (and {bare.Count - 1} more)" : ""));
            }
        }
        finally
        {
            entry.Starting.Release();
        }
    }

    private static string Describe(ReplacementHold hold, ReplacementState state, TimeSpan waited) =>
        $"{state.Ready} of {hold.Plan.Moving.Count} pods have Ready room held for them after {waited.TotalSeconds:0.#} s"
        + (state.Waiting > 0 ? $", {state.Waiting} still booting" : "")
        + (state.Lost.Count > 0 ? $", {state.Lost.Count} found no room" : "")
        + (hold.Claims.Count > 0 ? $" (on {string.Join(", ", hold.Claims)})" : "");

    private sealed class Entry(DateTimeOffset until, string untilWhat)
    {
        public DateTimeOffset Until { get; } = until;

        public string UntilWhat { get; } = untilWhat;

        public SemaphoreSlim Starting { get; } = new(1, 1);

        public ReplacementHold? Hold { get; set; }

        public int Replans { get; set; }

        public bool Passed { get; set; }
    }
}
