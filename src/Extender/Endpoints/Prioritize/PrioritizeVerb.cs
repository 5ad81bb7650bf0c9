using System.Text.Json;
using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.Endpoints.Candidates;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;

namespace Extender.Endpoints.Prioritize;

/// <summary>
/// <c>prioritize</c>: a least-waste score 0..10 per node, as the bare <c>HostPriorityList</c> array. A node the
/// snapshot does not know scores 0, which is also what the scheduler assumes for a node missing from the answer.
/// </summary>
internal sealed class PrioritizeVerb(ClusterState cluster) : IExtenderVerb
{
    public string Name => "prioritize";

    public ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var args = ExtenderArgsReader.Read(body);
        var pod = CandidateNodes.MapPod(args.Pod);
        var snapshot = cluster.Current;
        var scores = new HostPriority[args.NodeCount];
        for (var i = 0; i < scores.Length; i++)
        {
            var node = CandidateNodes.Resolve(args, i, snapshot);
            scores[i] = new HostPriority(args.NodeName(i), node is null ? 0 : NodeScoring.LeastWaste(pod, node));
        }

        JsonSerializer.Serialize(response, scores, WireJsonContext.Default.HostPriorityArray);
        return ValueTask.FromResult(StatusCodes.Status200OK);
    }
}
