using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>The <c>bind</c> answer: an empty <see cref="Error"/> means the binding was created.</summary>
internal sealed record ExtenderBindingResult([property: JsonPropertyName("Error")] string Error);
