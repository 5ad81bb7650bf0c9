using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// What kube-apiserver checks before it stores a create or an update: names, the pod rules, and custom resources
/// against their CRD schema (pruning undeclared fields, or refusing them with 400 when the request asked for
/// <c>fieldValidation=Strict</c>). Failures are the upstream 422 with <c>details.causes</c>.
/// </summary>
internal sealed class ObjectValidator
{
    private readonly ConcurrentDictionary<ApiResource, CustomResourceSchema> _schemas = new();

    public void Create(ApiResource resource, JsonObject obj, bool strict)
    {
        var name = (string?)obj["metadata"]?["name"];
        List<FieldError> errors = [];
        if (!string.IsNullOrEmpty(name))
        {
            errors.AddRange(NameRules.Check(resource, name));
        }

        if (resource == ApiResources.Pods)
        {
            errors.AddRange(PodRules.Create(obj));
        }

        errors.AddRange(Schema(resource, obj, strict));
        ThrowIfAny(resource, name ?? (string?)obj["metadata"]?["generateName"] ?? "", errors);
    }

    public void Update(ApiResource resource, JsonObject current, JsonObject next, bool strict)
    {
        List<FieldError> errors = [];
        if (resource == ApiResources.Pods)
        {
            errors.AddRange(PodRules.Update(current, next));
        }

        errors.AddRange(Schema(resource, next, strict));
        ThrowIfAny(resource, (string?)current["metadata"]?["name"] ?? "", errors);
    }

    private IEnumerable<FieldError> Schema(ApiResource resource, JsonObject obj, bool strict)
    {
        if (resource.Definition is null)
        {
            return [];
        }

        var schema = _schemas.GetOrAdd(resource, r => new CustomResourceSchema(r));
        var unknown = schema.Prune(obj);
        if (strict && unknown.Count > 0)
        {
            var fields = string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
            throw ApiException.BadRequest($"strict decoding error: {fields}");
        }

        return schema.Validate(obj);
    }

    private static void ThrowIfAny(ApiResource resource, string name, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw FieldError.Invalid(resource, name, errors);
        }
    }
}
