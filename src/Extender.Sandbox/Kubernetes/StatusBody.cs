using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>Builds <c>meta/v1 Status</c> bodies, the shape every Kubernetes client parses for errors.</summary>
internal static class StatusBody
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            body["details"] = details;
        }

        body["code"] = code;
        return body;
    }

    public static JsonObject Success(ApiResource resource, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Plural },
    };
}
