using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>One entry of the bare <c>HostPriorityList</c> array that <c>prioritize</c> returns.</summary>
internal sealed record HostPriority(
    [property: JsonPropertyName("Host")] string Host,
    [property: JsonPropertyName("Score")] long Score);
