using System.Text.Json.Serialization;

namespace Extender.Sandbox.Scheduling;

/// <summary>The <c>bind</c> request; the Go struct has no json tags, so the keys are its field names.</summary>
internal sealed record ExtenderBindingArgs(
    [property: JsonPropertyName("PodName")] string PodName,
    [property: JsonPropertyName("PodNamespace")] string PodNamespace,
    [property: JsonPropertyName("PodUID")] string PodUid,
    [property: JsonPropertyName("Node")] string Node);
