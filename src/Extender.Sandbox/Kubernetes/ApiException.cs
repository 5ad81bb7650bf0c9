namespace Extender.Sandbox.Kubernetes;

/// <summary>A request the sandbox API server refuses, answered as a Kubernetes <c>Status</c> object.</summary>
internal sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException NotFound(ApiResource resource, string name) =>
        new(404, "NotFound", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" not found");

    public static ApiException AlreadyExists(ApiResource resource, string name) =>
        new(409, "AlreadyExists", $"{resource.Plural}{GroupSuffix(resource)} \"{name}\" already exists");

    public static ApiException Conflict(ApiResource resource, string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.Plural}{GroupSuffix(resource)} \"{name}\": {detail}");

    private static string GroupSuffix(ApiResource resource) => resource.Group.Length == 0 ? "" : "." + resource.Group;
}
