using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>The victims on one node, by UID, and how many PodDisruptionBudgets their eviction would violate.</summary>
internal sealed record MetaVictims(
    [property: JsonPropertyName("Pods")] IReadOnlyList<MetaPod>? Pods,
    [property: JsonPropertyName("NumPDBViolations")] long NumPdbViolations);
