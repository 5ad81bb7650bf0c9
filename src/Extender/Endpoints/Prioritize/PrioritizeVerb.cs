using System.Text.Json;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Scheduling;
using Extender.Endpoints.Candidates;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;

namespace Extender.Endpoints.Prioritize;

/// <summary>
/// <c>prioritize</c>: a least-waste score 0..10 per node, as the bare <c>HostPriorityList</c> array. A node the
/// snapshot does not know scores 0, which is also what the scheduler assumes for a node missing from the answer.
/// A pod that holds a reservation scores 10 on its reserved node and 0 elsewhere: with the extender's weight at 20
/// that is 2,000 points, more than kube-scheduler's in-tree plugins can add (about 1,200), so the owner lands there.
/// </summary>
internal sealed class PrioritizeVerb(ClusterState cluster, ReservationLedger reservations) : IExtenderVerb
{
    /// <summary><c>MaxExtenderPriority</c> upstream.</summary>
    private const int MaxScore = 10;

    public string Name => "prioritize";

    public ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        using var args = ExtenderArgsReader.Read(body);
        var pod = CandidateNodes.MapPod(args.Pod);
        var snapshot = cluster.Current;
        var reserved = reservations.TakeSlotFor(pod);
        var holdsReservation = reserved.Holds(pod.Uid);
        var scores = new HostPriority[args.NodeCount];
        for (var i = 0; i < scores.Length; i++)
        {
            var name = args.NodeName(i);
            var node = CandidateNodes.Resolve(args, i, snapshot);
            var score = node is null ? 0
                : holdsReservation ? (reserved.IsReservedOn(pod.Uid, name) ? MaxScore : 0)
                : NodeScoring.LeastWaste(pod, node.Value.State);
            scores[i] = new HostPriority(name, score);
        }

        JsonSerializer.Serialize(response, scores, WireJsonContext.Default.HostPriorityArray);
        return ValueTask.FromResult(StatusCodes.Status200OK);
    }
}
