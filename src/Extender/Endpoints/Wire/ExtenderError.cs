using System.Text.Json.Serialization;

namespace Extender.Endpoints.Wire;

/// <summary>
/// The body of every rejected request (400, 413). Every upstream result type carries an <c>Error</c> field, so the
/// scheduler reads this shape whatever verb it called.
/// </summary>
internal sealed record ExtenderError([property: JsonPropertyName("Error")] string Error);
