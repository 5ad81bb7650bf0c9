using System.Text.Json;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;

namespace Extender.Endpoints.Preempt;

/// <summary>
/// <c>preempt</c>: always answers with no candidate nodes. This extender makes room by buying capacity, not by
/// evicting: a victim list returned here would make kube-scheduler delete running pods, while the pending pod is
/// already handed to the provisioner by <c>filter</c>. An empty map ends preemption with "no candidate node for
/// preemption" and leaves the pod's nominated node alone.
/// </summary>
internal sealed partial class PreemptVerb(ILogger<PreemptVerb> logger) : IExtenderVerb
{
    private static readonly ExtenderPreemptionResult NoCandidates = new(new Dictionary<string, MetaVictims>());

    public string Name => "preempt";

    public ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var args = ExtenderPreemptionArgsReader.Read(body.Span);
        var candidates = args.NodeNameToMetaVictims?.Count ?? args.NodeNameToVictims?.Count ?? 0;
        LogDeclined(args.Pod.Metadata?.NamespaceProperty, args.Pod.Metadata?.Name, candidates);
        JsonSerializer.Serialize(response, NoCandidates, WireJsonContext.Default.ExtenderPreemptionResult);
        return ValueTask.FromResult(StatusCodes.Status200OK);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Declined preemption for pod {Namespace}/{Pod} over {CandidateNodes} candidate nodes")]
    private partial void LogDeclined(string? @namespace, string? pod, int candidateNodes);
}
