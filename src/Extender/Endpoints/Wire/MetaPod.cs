using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>A preemption victim named by UID only.</summary>
internal sealed record MetaPod([property: JsonPropertyName("UID")] string Uid);
