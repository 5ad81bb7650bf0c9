using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Patching;

/// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>): objects merge, null removes, lists replace.</summary>
internal static class JsonMergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else if (value is JsonObject newObject)
            {
                var fresh = new JsonObject();
                Apply(fresh, newObject);
                target[name] = fresh;
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
