using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Core.Headroom;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Sandbox.Kubernetes;

namespace Extender.Demo.Phases;

/// <summary>What the phases read from the sandbox API server (in-process, no API calls), as an auditor would.</summary>
internal static class SandboxState
{
    private const string ClaimApiVersion = WellKnownLabels.Group + "/v1alpha1";

    /// <summary>Eviction API calls so far, by anyone.</summary>
    public static int Evictions(SandboxApiServer api) => api.Audit.Count(a => a is { Verb: "create", Resource: "pods", Subresource: "eviction" });

    /// <summary>Pods that are not being deleted and have not finished.</summary>
    public static List<JsonObject> LivePods(SandboxApiServer api) => [.. api.List("v1", "Pod").Where(IsLive)];

    /// <summary>Not being deleted and not finished: the pod's requests count on its node.</summary>
    public static bool IsLive(JsonObject pod) =>
        pod["metadata"]?["deletionTimestamp"] is null && (string?)pod["status"]?["phase"] is not ("Succeeded" or "Failed");

    public static IReadOnlyList<JsonObject> Claims(SandboxApiServer api) => api.List(ClaimApiVersion, "NodeClaim");

    /// <summary>The UID of the pod's controller (its ReplicaSet, StatefulSet, Job), or null for a bare pod and for DaemonSet and static pods, which do not move.</summary>
    public static string? ControllerUid(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"]?.AsArray() ?? [])
            .FirstOrDefault(o => (bool?)o?["controller"] == true && (string?)o?["kind"] is not ("DaemonSet" or "Node")) is { } owner
            ? (string?)owner["uid"]
            : null;

    public static string NodeName(JsonObject pod) => (string?)pod["spec"]?["nodeName"] ?? "";

    /// <summary>Nodes whose Ready condition is True.</summary>
    public static HashSet<string> ReadyNodes(SandboxApiServer api) =>
        api.List("v1", "Node")
            .Where(n => (n["status"]?["conditions"]?.AsArray() ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True"))
            .Select(n => (string?)n["metadata"]?["name"])
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Every CapacityBuffer replica's room held in a claim's <c>reservedFor</c> (a slot whose owner is the buffer, not yet taken
    /// by a pod), with the claim's node once it has registered.
    /// </summary>
    public static List<BufferSlot> BufferSlots(SandboxApiServer api) =>
        [.. Claims(api).SelectMany(c => (c["spec"]?["reservedFor"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            // Once a pod takes a slot the entry is the pod's own (its UID), keeping the slot's key: no longer room held.
            .Where(r => (string?)r["replaces"]?["ownerKind"] == HeadroomKey.OwnerKind && ReplacementKey.IsSlot((string?)r["uid"] ?? ""))
            .Select(r => new BufferSlot(
                (string?)c["status"]?["nodeName"],
                (string?)r["uid"] ?? "",
                (string?)r["replaces"]?["ownerUid"] ?? "",
                ResourceList.Parse(r["requests"]?.AsObject().Select(q => KeyValuePair.Create(q.Key, q.Value?.ToString() ?? ""))))))];

    public static bool IsRunning(JsonObject pod) =>
        (string?)pod["status"]?["phase"] == "Running" && pod["metadata"]?["deletionTimestamp"] is null;
}

/// <summary>One buffer replica's room held on a claim: the claim's node (null before it registers), the slot's key, the buffer's UID, the room.</summary>
internal sealed record BufferSlot(string? Node, string Uid, string BufferUid, ResourceList Demand);
