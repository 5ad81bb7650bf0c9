using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>
/// Generated contracts for the envelopes that embed no Kubernetes object. Names come from the records' attributes
/// (upstream's Go field names); decoding ignores case as Go's does.
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ExtenderBindingArgs))]
[JsonSerializable(typeof(ExtenderBindingResult))]
[JsonSerializable(typeof(ExtenderError))]
[JsonSerializable(typeof(HostPriority[]))]
[JsonSerializable(typeof(ExtenderPreemptionResult))]
[JsonSerializable(typeof(Dictionary<string, MetaVictims>))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
