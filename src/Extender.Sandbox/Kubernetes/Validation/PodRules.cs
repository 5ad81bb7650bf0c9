using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// The pod checks of kube-apiserver's <c>ValidatePod</c> and <c>ValidatePodUpdate</c> that clients run into: a pod
/// needs containers, each with a name and an image, and after creation only container images, tolerations (added),
/// <c>activeDeadlineSeconds</c>, scheduling gates (removed) and the grace period may change in its spec. Binding goes
/// through the <c>binding</c> subresource, not an update.
/// </summary>
internal static class PodRules
{
    private const string UpdateForbidden = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static IEnumerable<FieldError> Create(JsonObject pod)
    {
        if (pod["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            yield return FieldError.Required("spec.containers");
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"spec.containers[{i}]");
            var name = (string?)containers[i]?["name"];
            if (string.IsNullOrEmpty(name))
            {
                yield return FieldError.Required(field + ".name");
            }
            else if (!names.Add(name))
            {
                yield return new FieldError("FieldValueDuplicate", field + ".name", $"Duplicate value: \"{name}\"");
            }

            if (string.IsNullOrEmpty((string?)containers[i]?["image"]))
            {
                yield return FieldError.Required(field + ".image");
            }
        }
    }

    public static IEnumerable<FieldError> Update(JsonObject current, JsonObject next)
    {
        var before = Mutable(current["spec"]?.DeepClone() as JsonObject ?? []);
        var after = Mutable(next["spec"]?.DeepClone() as JsonObject ?? []);
        if (!JsonNode.DeepEquals(before, after))
        {
            yield return FieldError.Forbidden("spec", UpdateForbidden);
        }
    }

    /// <summary>The spec without the fields an update may change, so two specs compare equal when only those differ.</summary>
    private static JsonObject Mutable(JsonObject spec)
    {
        foreach (var list in (string[])["containers", "initContainers"])
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                container.Remove("image");
            }
        }

        foreach (var field in (string[])["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates"])
        {
            spec.Remove(field);
        }

        return spec;
    }
}
