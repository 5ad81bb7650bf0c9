namespace Extender.Sandbox.Kubernetes;

/// <summary>A request the sandbox API server refuses, answered as a Kubernetes <c>Status</c> object.</summary>
internal sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>The Status body's <c>details</c> (name, group, kind), where the real server sends them.</summary>
    public System.Text.Json.Nodes.JsonObject? Details { get; init; }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <param name="request">The request as it was authorized: its name, group and resource go into the details.</param>
    /// <param name="message">The authorizer's message, which already names the resource and the object.</param>
    public static ApiException Forbidden(AuditRecord request, string message) => new(403, "Forbidden", message)
    {
        Details = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = request.Name ?? "",
            ["group"] = request.Group,
            ["kind"] = request.Resource,
        },
    };

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" not found");

    public static ApiException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" already exists");

    public static ApiException Conflict(ApiResource resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.Plural}{GroupSuffix(resource)} \"{name}\": {detail}");

    private static string GroupSuffix(ApiResource resource) => resource.Group.Length == 0 ? "" : "." + resource.Group;
}
