using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>The <c>bind</c> request; every field is required, <c>PodUID</c> makes the binding conditional.</summary>
internal sealed record ExtenderBindingArgs(
    [property: JsonPropertyName("PodName")] string? PodName,
    [property: JsonPropertyName("PodNamespace")] string? PodNamespace,
    [property: JsonPropertyName("PodUID")] string? PodUid,
    [property: JsonPropertyName("Node")] string? Node);
