using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// A custom resource's structural schema from its CRD (<c>openAPIV3Schema</c>), enforced as kube-apiserver does: fields
/// the schema does not declare are pruned, or refused with <c>fieldValidation=Strict</c> (what kubectl sends), and the
/// rest is validated by <see cref="StructuralSchema"/>, its errors worded as apiextensions words them. CEL rules
/// (<c>x-kubernetes-validations</c>) are not evaluated. Unknown keywords (<c>x-kubernetes-*</c>) are let through unread.
/// </summary>
internal sealed class CustomResourceSchema
{
    private readonly JsonObject _schema;
    private readonly StructuralSchema _validator;

    public CustomResourceSchema(ApiResource resource)
    {
        _schema = (JsonObject)resource.Definition!["schema"]!["openAPIV3Schema"]!.DeepClone();
        _validator = StructuralSchema.Compile(_schema);
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
        var errors = new List<FieldError>();
        _validator.Validate(obj, "", errors);
        return errors.DistinctBy(e => e.Message).ToList();
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
}
