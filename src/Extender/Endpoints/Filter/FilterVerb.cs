using System.Buffers;
using System.Text.Json;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Scheduling;
using Extender.Endpoints.Candidates;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;
using Extender.Provisioning.Detection;

namespace Extender.Endpoints.Filter;

/// <summary>
/// <c>filter</c>: fits the pod on every requested node against the current snapshot. Shortfalls that preemption could
/// cure go to <c>FailedNodes</c>; everything else (taints, selectors, affinity, cordon, unknown node) to
/// <c>FailedAndUnresolvableNodes</c>, so the scheduler's dry run does not try to evict for them. When no node is left
/// the pod is handed to every <see cref="IUnschedulablePodSink"/> without waiting. Capacity the provisioner reserved
/// for other pending pods is not offered: a node the pod only fits by taking it is refused as unresolvable, so
/// kube-scheduler's preemption dry run does not try to evict for it.
/// </summary>
internal sealed partial class FilterVerb(
    ClusterState cluster,
    ReservationLedger reservations,
    IEnumerable<IUnschedulablePodSink> sinks,
    TimeProvider time,
    ILogger<FilterVerb> logger) : IExtenderVerb
{
    /// <summary>Node-independent, so that it aggregates in the scheduler's "0/N nodes are available" message.</summary>
    public const string UnknownNodeReason = "ec2-capacity: node is unknown to the extender";

    /// <summary>Node-independent, like <see cref="UnknownNodeReason"/>.</summary>
    public const string ReservedReason = "ec2-capacity: node is reserved for another pending pod";

    /// <summary>For a pod whose own reserved capacity is still on its way.</summary>
    public const string WaitingReason = "ec2-capacity: waiting for the capacity reserved for this pod";

    private readonly IUnschedulablePodSink[] _sinks = [.. sinks];

    public string Name => "filter";

    public ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        Respond(body, response, cluster.Current, reservations, handOff: true);
        return ValueTask.FromResult(StatusCodes.Status200OK);
    }

    /// <summary>
    /// The verb itself, against <paramref name="snapshot"/> and <paramref name="ledger"/>: warm-up runs pass a sample
    /// cluster and ledger of their own and <c>handOff: false</c>, so their pod is never reported and the live state
    /// never touched. A new pod that replaces an evicted one takes the slot held for it here if the pod watch has not
    /// delivered it yet.
    /// </summary>
    internal void Respond(ReadOnlyMemory<byte> body, Utf8JsonWriter response, ClusterSnapshot snapshot, ReservationLedger ledger, bool handOff)
    {
        using var args = ExtenderArgsReader.Read(body);
        var pod = CandidateNodes.MapPod(args.Pod);
        var reserved = ledger.TakeSlotFor(pod);
        var count = args.NodeCount;
        var verdicts = ArrayPool<NodeVerdict>.Shared.Rent(count);
        try
        {
            var passed = Evaluate(args, NodeFit.Prepare(pod, snapshot), reserved, verdicts.AsSpan(0, count));
            FilterResultWriter.Write(response, args, verdicts.AsSpan(0, count));
            if (passed == 0 && count > 0 && handOff)
            {
                HandOff(pod, args, verdicts.AsSpan(0, count));
            }
        }
        finally
        {
            ArrayPool<NodeVerdict>.Shared.Return(verdicts, clearArray: true);
        }
    }

    private static int Evaluate(ExtenderArgs args, PreparedPod pod, ReservationSnapshot reserved, Span<NodeVerdict> verdicts)
    {
        var waitFor = reserved.Count == 0 ? null : ReservedNodeToWaitFor(pod, reserved, name => Requested(args, name, pod.Snapshot));
        var positions = args.NodeNames is null ? [] : ArrayPool<int>.Shared.Rent(verdicts.Length);
        try
        {
            if (args.NodeNames is { } names)
            {
                CandidateNodes.Locate(names, pod.Snapshot, positions.AsSpan(0, verdicts.Length));
            }

            var passed = 0;
            for (var i = 0; i < verdicts.Length; i++)
            {
                var node = positions.Length > 0 ? CandidateNodes.AtPosition(pod.Snapshot, positions[i]) : CandidateNodes.Resolve(args, i, pod.Snapshot);
                verdicts[i] = node is { } candidate ? Verdict(pod, candidate, reserved, waitFor) : new NodeVerdict(UnknownNodeReason, Unresolvable: true);
                if (verdicts[i].Passes)
                {
                    passed++;
                }
            }

            return passed;
        }
        finally
        {
            if (positions.Length > 0)
            {
                ArrayPool<int>.Shared.Return(positions);
            }
        }
    }

    private static NodeVerdict Verdict(PreparedPod pod, CandidateNode node, ReservationSnapshot reserved, string? waitFor)
    {
        var fit = node.Fit(pod);
        if (!fit.Fits || reserved.Count == 0)
        {
            return Verdict(fit);
        }

        if (waitFor is not null && waitFor != node.Name)
        {
            return new NodeVerdict(WaitingReason, Unresolvable: true);
        }

        var held = reserved.HeldForOthers(node.Name, pod.Pod.Uid, pod.Snapshot);
        return held.Count == 0 || node.Fit(pod, held).Fits ? NodeVerdict.Pass : new NodeVerdict(ReservedReason, Unresolvable: true);
    }

    /// <summary>
    /// The node a pod holding a reservation should wait for, or null to let it go anywhere. A pod whose capacity is
    /// still booting (its claim has no node yet, or the node is not among the candidates) waits for it: taking spare
    /// room elsewhere would leave the capacity bought for it unused. Once its node is a candidate the pod goes there;
    /// if it no longer fits there, it may go anywhere rather than wait out the reservation's TTL.
    /// </summary>
    /// <param name="pod">The pod asked about.</param>
    /// <param name="reserved">The reservations it is judged against.</param>
    /// <param name="candidate">The node of that name among the ones asked about (null when not asked about, or unknown).</param>
    private static string? ReservedNodeToWaitFor(PreparedPod pod, ReservationSnapshot reserved, Func<string, CandidateNode?> candidate)
    {
        if (reserved.ClaimOf(pod.Pod.Uid) is not { } claim)
        {
            return null;
        }

        if (reserved.OnClaim(claim)?.NodeName is not { } nodeName)
        {
            return "";
        }

        if (candidate(nodeName) is not { } node)
        {
            return nodeName;
        }

        return node.Fit(pod, reserved.HeldForOthers(nodeName, pod.Pod.Uid, pod.Snapshot)).Fits ? nodeName : null;
    }

    private static CandidateNode? Requested(ExtenderArgs args, string nodeName, ClusterSnapshot snapshot) =>
        args.IndexOfNode(nodeName) is var index and >= 0 ? CandidateNodes.Resolve(args, index, snapshot) : null;

    /// <summary>
    /// The answer a <c>filter</c> call naming only <paramref name="nodeName"/> would get for <paramref name="pod"/>:
    /// what <c>bind</c> checks before it binds, so that a bind can never place a pod where the filter would not.
    /// </summary>
    internal static NodeVerdict Judge(Pod pod, string nodeName, ClusterSnapshot snapshot, ReservationSnapshot reserved)
    {
        if (CandidateNodes.AtPosition(snapshot, snapshot.IndexOfNode(nodeName)) is not { } node)
        {
            return new NodeVerdict(UnknownNodeReason, Unresolvable: true);
        }

        var prepared = NodeFit.Prepare(pod, snapshot);
        var waitFor = reserved.Count == 0 ? null : ReservedNodeToWaitFor(prepared, reserved, name => name == nodeName ? node : null);
        return Verdict(prepared, node, reserved, waitFor);
    }

    private static NodeVerdict Verdict(FitResult fit) => fit.Outcome switch
    {
        FitOutcome.Fits => NodeVerdict.Pass,
        FitOutcome.Unschedulable => new NodeVerdict(fit.Reason, Unresolvable: false),
        _ => new NodeVerdict(fit.Reason, Unresolvable: true),
    };

    private void HandOff(Pod pod, ExtenderArgs args, ReadOnlySpan<NodeVerdict> verdicts)
    {
        var reasons = new Dictionary<string, string>(verdicts.Length, StringComparer.Ordinal);
        for (var i = 0; i < verdicts.Length; i++)
        {
            reasons[args.NodeName(i)] = verdicts[i].Reason!;
        }

        var unschedulable = new UnschedulablePod(pod, reasons, time.GetUtcNow());
        foreach (var sink in _sinks)
        {
            if (!sink.TryWrite(unschedulable))
            {
                LogHandOffRefused(pod.Namespace, pod.Name, pod.Uid);
            }
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Pod {Namespace}/{Pod} ({PodUid}) fits no node, but the provisioner did not take it")]
    private partial void LogHandOffRefused(string @namespace, string pod, string podUid);
}
