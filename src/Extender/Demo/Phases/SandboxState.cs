using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Sandbox.Kubernetes;

namespace Extender.Demo.Phases;

/// <summary>What the phases read from the sandbox API server (in-process, no API calls), as an auditor would.</summary>
internal static class SandboxState
{
    private const string ClaimApiVersion = WellKnownLabels.Group + "/v1alpha1";

    /// <summary>Eviction API calls so far, by anyone.</summary>
    public static int Evictions(SandboxApiServer api) => api.Audit.Count(a => a is { Verb: "create", Resource: "pods", Subresource: "eviction" });

    /// <summary>Pods that are not being deleted and have not finished.</summary>
    public static List<JsonObject> LivePods(SandboxApiServer api) =>
        [.. api.List("v1", "Pod").Where(p => p["metadata"]?["deletionTimestamp"] is null && (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"))];

    public static IReadOnlyList<JsonObject> Claims(SandboxApiServer api) => api.List(ClaimApiVersion, "NodeClaim");

    /// <summary>The UID of the pod's controller (its ReplicaSet, StatefulSet, Job), or null for a bare pod and for DaemonSet and static pods, which do not move.</summary>
    public static string? ControllerUid(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"]?.AsArray() ?? [])
            .FirstOrDefault(o => (bool?)o?["controller"] == true && (string?)o?["kind"] is not ("DaemonSet" or "Node")) is { } owner
            ? (string?)owner["uid"]
            : null;

    public static string NodeName(JsonObject pod) => (string?)pod["spec"]?["nodeName"] ?? "";

    public static bool IsRunning(JsonObject pod) =>
        (string?)pod["status"]?["phase"] == "Running" && pod["metadata"]?["deletionTimestamp"] is null;
}
