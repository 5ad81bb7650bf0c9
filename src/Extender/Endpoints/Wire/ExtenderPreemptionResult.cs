using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>The <c>preempt</c> answer; upstream's only field, so victims always travel as UIDs.</summary>
internal sealed record ExtenderPreemptionResult(
    [property: JsonPropertyName("NodeNameToMetaVictims")] IReadOnlyDictionary<string, MetaVictims> NodeNameToMetaVictims);
