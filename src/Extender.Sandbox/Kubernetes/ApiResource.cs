namespace Extender.Sandbox.Kubernetes;

/// <summary>One resource type the sandbox API server serves.</summary>
internal sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Id => $"{ApiVersion}/{Plural}";
}
