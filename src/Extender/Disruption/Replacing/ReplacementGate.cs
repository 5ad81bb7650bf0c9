using System.Collections.Concurrent;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
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
    ILogger<ReplacementGate> logger) : IReplacementPreparation
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Holds bought ahead for a roll's next waves, by claim, until the claim is decided (then its entry adopts the
    // hold) or the hold no longer serves. Touched by the disruption loop (PreSpinAsync) and termination (adoption).
    private readonly ConcurrentDictionary<string, ReplacementHold> _preSpun = new(StringComparer.Ordinal);

    // Claims whose pre-spun hold went unused for ReadyTimeout (a budget that stays shut): not bought ahead again
    // while they stay among the waves ahead, or the same room would be bought and given up over and over.
    private readonly HashSet<string> _preSpinExpired = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    /// <remarks>Called before the claim's deletion is even requested, so the launches start at once.</remarks>
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

            // The move plans these pods anew, together; a hold bought ahead for one of them would hold them twice.
            GiveUp(claim.Name, "its node is consolidated instead");
        }

        await StartAsync(entry, nodes[0].Claim, [.. nodes.Select(n => n.Node)], cancellationToken);
    }

    /// <summary>
    /// Pre-spins a roll's next waves (beyond Karpenter): holds room for the pods of <see cref="DisruptionPlan.PreSpin"/>'s
    /// nodes now, without tainting them, planned away from every node that leaves; gives up the holds that no longer
    /// serve (<see cref="PreSpin.Release"/>) and those unused for <see cref="ReplacementOptions.ReadyTimeout"/>. When a
    /// pre-spun claim is decided, its wait adopts the hold, so its drain starts as soon as it is asked for.
    /// </summary>
    public async Task PreSpinAsync(DisruptionInput input, DisruptionPlan plan, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var name in PreSpin.Release(_preSpun.Keys, plan, input.Claims))
        {
            GiveUp(name, "no longer among the next waves (reverted, gone or kept)");
        }

        foreach (var (name, hold) in _preSpun.Where(p => now - p.Value.ReservedAt >= options.Value.ReadyTimeout))
        {
            GiveUp(name, $"unused for {options.Value.ReadyTimeout.TotalMinutes:0.#} min");
            _preSpinExpired.Add(name);
        }

        var ahead = plan.PreSpin.Select(d => d.Claim.Name).ToHashSet(StringComparer.Ordinal);
        _preSpinExpired.RemoveWhere(name => !ahead.Contains(name));
        var starting = plan.PreSpin
            .Where(d => !_preSpun.ContainsKey(d.Claim.Name) && !_entries.ContainsKey(d.Claim.Name) && !_preSpinExpired.Contains(d.Claim.Name))
            .Where(d => d.Claim.Status.NodeName is not null)
            .Select(d => (Claim: d.Claim.Name, Node: d.Claim.Status.NodeName!)).ToList();
        if (starting.Count == 0)
        {
            return;
        }

        // One reservation per node (each claim's wait checks its own), requested together so they share one plan.
        var avoid = PreSpin.Avoid(plan, input.Claims);
        var started = time.GetTimestamp();
        var holds = await Task.WhenAll(starting.Select(s => reserver.ReserveAsync([s.Node], cancellationToken, avoid)));
        foreach (var (spun, hold) in starting.Zip(holds))
        {
            _preSpun[spun.Claim] = hold;
        }

        ReplacementLog.PreSpun(logger, starting.Count, holds.Sum(h => h.Plan.Moving.Count), holds.SelectMany(h => h.Claims).Distinct(StringComparer.Ordinal).Count(), time.GetElapsedTime(started).TotalMilliseconds);
    }

    private void GiveUp(string claimName, string why)
    {
        if (_preSpun.TryRemove(claimName, out var hold))
        {
            reserver.Release(hold);
            ReplacementLog.PreSpinReleased(logger, claimName, why);
        }
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
    public void Forget(string claimName)
    {
        _entries.TryRemove(claimName, out _);
        _preSpun.TryRemove(claimName, out _);
    }

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

            // Its room was bought ahead (a roll's next wave): only the taint is left to do.
            if (nodes.Count == 1 && _preSpun.TryRemove(claim.Name, out var preSpun))
            {
                entry.Hold = preSpun;
                await drainer.TaintAsync(nodes[0].Node, cancellationToken);
                ReplacementLog.PreSpinAdopted(logger, claim.Name, nodes[0].Node.Name, preSpun.Plan.Moving.Count, (time.GetUtcNow() - preSpun.ReservedAt).TotalSeconds);
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
