using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// A custom resource's structural schema from its CRD (<c>openAPIV3Schema</c>), enforced as kube-apiserver does: fields
/// the schema does not declare are pruned, or refused with <c>fieldValidation=Strict</c> (what kubectl sends), and the
/// rest is validated by JsonSchema.Net, its errors worded as apiextensions words them. CEL rules
/// (<c>x-kubernetes-validations</c>) are not evaluated. Unknown keywords (<c>x-kubernetes-*</c>) are let through unread.
/// </summary>
internal sealed partial class CustomResourceSchema
{
    private readonly JsonObject _schema;
    private readonly JsonSchema _validator;

    public CustomResourceSchema(ApiResource resource)
    {
        _schema = (JsonObject)resource.Definition!["schema"]!["openAPIV3Schema"]!.DeepClone();
        _validator = JsonSchema.FromText(_schema.ToJsonString());
    }

    /// <summary>Removes undeclared fields; returns their paths (<c>spec.foo</c>) for a strict request to refuse.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj)
    {
        var unknown = new List<string>();
        foreach (var (name, value) in obj.ToList())
        {
            if (name is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            if (value is null && _schema["properties"]?[name] is not null)
            {
                obj.Remove(name);
            }
            else if (_schema["properties"]?[name] is JsonObject property)
            {
                Prune(value, property, name, unknown);
            }
            else
            {
                obj.Remove(name);
                unknown.Add(name);
            }
        }

        return unknown;
    }

    public IEnumerable<FieldError> Validate(JsonObject obj)
    {
        // Most writes are valid: the flag answer is the cheap one, and only a failure pays for the full tree of errors.
        if (_validator.Evaluate(obj, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return [];
        }

        var results = _validator.Evaluate(obj, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        var errors = new List<FieldError>();
        Collect(obj, results, errors);
        return errors.DistinctBy(e => e.Message).ToList();
    }

    /// <summary>Errors of failing nodes only: a branch of an anyOf that passed (int-or-string) failed, but its field is valid.</summary>
    private void Collect(JsonObject obj, EvaluationResults node, List<FieldError> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            if (ToFieldError(obj, node.InstanceLocation.ToString(), node.SchemaLocation?.ToString() ?? "", keyword, message) is { } error)
            {
                errors.Add(error);
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(obj, child, errors);
        }
    }

    private static void Prune(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true)
        {
            return;
        }

        if (node is JsonObject obj && (string?)schema["type"] == "object")
        {
            if (schema["properties"] is not JsonObject properties)
            {
                if (schema["additionalProperties"] is JsonObject values)
                {
                    foreach (var (name, value) in obj)
                    {
                        Prune(value, values, $"{path}.{name}", unknown);
                    }
                }

                return;
            }

            foreach (var (name, value) in obj.ToList())
            {
                if (value is null && properties[name] is JsonObject { } declared && (bool?)declared["nullable"] != true)
                {
                    // Structural schemas drop nulls of fields not marked nullable.
                    obj.Remove(name);
                }
                else if (properties[name] is JsonObject property)
                {
                    Prune(value, property, $"{path}.{name}", unknown);
                }
                else if (path != "metadata")
                {
                    obj.Remove(name);
                    unknown.Add($"{path}.{name}");
                }
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Prune(array[i], items, $"{path}[{i}]", unknown);
            }
        }
    }

    private FieldError? ToFieldError(JsonObject obj, string pointer, string schemaLocation, string keyword, string message)
    {
        var field = Field(pointer);
        var value = Read(obj, pointer);
        switch (keyword)
        {
            case "required":
                var missing = Quoted().Matches(message).Select(m => m.Groups[1].Value).FirstOrDefault() ?? "";
                return FieldError.Required(field.Length == 0 ? missing : $"{field}.{missing}");
            case "type":
                var expected = Quoted().Matches(message).Select(m => m.Groups[1].Value).LastOrDefault() ?? "";
                return FieldError.TypeInvalid(field, value, $"{field} in body must be of type {expected}: {value?.ToJsonString() ?? "null"}");
            case "enum":
                var schema = SchemaAt(schemaLocation);
                return FieldError.NotSupported(field, value, (schema?["enum"] as JsonArray ?? []).Select(v => v?.ToString() ?? ""));
            case "minimum" or "maximum" or "minLength" or "maxLength" or "minItems" or "maxItems" or "pattern" or "format":
                return FieldError.Invalid(field, value, $"{field} in body {message}");
            case "anyOf" or "oneOf" or "allOf" or "not" or "properties" or "items" or "additionalProperties":
                return null;
            default:
                return FieldError.Invalid(field, value, message);
        }
    }

    private JsonObject? SchemaAt(string schemaLocation)
    {
        JsonNode? node = _schema;
        var fragment = schemaLocation.Contains('#', StringComparison.Ordinal) ? schemaLocation[(schemaLocation.IndexOf('#', StringComparison.Ordinal) + 1)..] : schemaLocation;
        foreach (var segment in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node as JsonObject;
    }

    private static string Field(string pointer) =>
        string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select((s, i) => int.TryParse(s, out _) ? $"[{s}]" : i == 0 ? s : "." + s));

    private static JsonNode? Read(JsonObject obj, string pointer)
    {
        JsonNode? node = obj;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
