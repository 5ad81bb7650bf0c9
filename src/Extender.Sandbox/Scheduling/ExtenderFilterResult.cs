using k8s.Models;

namespace Extender.Sandbox.Scheduling;

/// <summary>The <c>ExtenderFilterResult</c> an extender answers to <c>filter</c>; every field may be absent.</summary>
internal sealed record ExtenderFilterResult(
    V1NodeList? Nodes,
    List<string>? NodeNames,
    Dictionary<string, string>? FailedNodes,
    Dictionary<string, string>? FailedAndUnresolvableNodes,
    string? Error);
