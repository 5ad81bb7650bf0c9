using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;

namespace Extender.Sandbox.Kubernetes.Patching;

/// <summary>
/// RFC 6902 JSON patch (<c>application/json-patch+json</c>: add, remove, replace, move, copy, test), applied by
/// ASP.NET Core's System.Text.Json implementation. A failing operation (a missing path, a failed test) is the 422
/// kube-apiserver answers, with the library's reason as the message.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, string patch)
    {
        var document = JsonSerializer.Deserialize<JsonPatchDocument>(patch)
            ?? throw ApiException.BadRequest("the JSON patch is empty");
        var copy = (JsonObject)target.DeepClone();
        try
        {
            document.ApplyTo(copy);
        }
        catch (JsonPatchException e)
        {
            throw new ApiException(422, "Invalid", $"the JSON patch could not be applied: {e.Message}");
        }

        return copy;
    }
}
