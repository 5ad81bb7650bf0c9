using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Discovery;

/// <summary>The Kubernetes version the sandbox answers <c>/version</c> with: the API it models.</summary>
internal static class SandboxVersion
{
    public const string GitVersion = "v1.33.0-sandbox";

    /// <summary>The version as Karpenter and the SSM image parameters write it.</summary>
    public const string MajorMinor = "1.33";

    public static JsonObject Document() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "",
        ["compiler"] = "",
        ["platform"] = "linux/amd64",
    };
}
