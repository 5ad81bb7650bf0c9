using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// One field error as apimachinery's <c>field.Error</c> words it (<c>spec.containers: Required value</c>,
/// <c>metadata.name: Invalid value: "X": ...</c>) and as a <c>StatusCause</c> (reason FieldValueRequired, ...).
/// </summary>
internal sealed record FieldError(string Reason, string Field, string Detail)
{
    public static FieldError Required(string field, string detail = "") =>
        new("FieldValueRequired", field, detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, JsonNode? value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: {Show(value)}: {detail}");

    public static FieldError TypeInvalid(string field, JsonNode? value, string detail) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: {Show(value)}: {detail}");

    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: {Show(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, $"Forbidden: {detail}");

    public string Message => $"{Field}: {Detail}";

    public JsonObject Cause() => new() { ["reason"] = Reason, ["message"] = Detail, ["field"] = Field };

    /// <summary>The 422 kube-apiserver answers: <c>Pod "x" is invalid: spec.containers: Required value</c>, causes in the details.</summary>
    public static ApiException Invalid(ApiResource resource, string name, IReadOnlyList<FieldError> errors)
    {
        var kind = resource.Group.Length == 0 ? resource.Kind : $"{resource.Kind}.{resource.Group}";
        var list = errors.Count == 1 ? errors[0].Message : $"[{string.Join(", ", errors.Select(e => e.Message))}]";
        return new ApiException(422, "Invalid", $"{kind} \"{name}\" is invalid: {list}")
        {
            Details = new JsonObject
            {
                ["name"] = name,
                ["group"] = resource.Group,
                ["kind"] = resource.Kind,
                ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)e.Cause())]),
            },
        };
    }

    private static string Show(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => $"\"{s}\"",
        _ => value.ToJsonString(),
    };
}
