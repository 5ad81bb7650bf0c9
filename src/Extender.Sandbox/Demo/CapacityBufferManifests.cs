using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Validation;

namespace Extender.Sandbox.Demo;

/// <summary>
/// A scenario's CapacityBuffer manifests. Checked when the scenario loads, so a mistake is one line naming the field
/// before anything starts: as kube-apiserver checks them against the shipped CRD (the name, the schema, unknown fields
/// refused as kubectl's strict field validation refuses them, and the CRD's one CEL rule, which the sandbox API server
/// does not evaluate), and against the scenario: the demo creates no PodTemplates, so a buffer names a Deployment wave.
/// </summary>
public static class CapacityBufferManifests
{
    public const string Group = "autoscaling.x-k8s.io";

    /// <summary>The version the sandbox serves: the CRD's storage version (Karpenter's <c>v1alpha1</c> has the same schema).</summary>
    public const string Version = "v1beta1";

    public const string Plural = "capacitybuffers";

    private const string Kind = "CapacityBuffer";

    private static readonly string[] ApiVersions = [$"{Group}/{Version}", $"{Group}/v1alpha1"];

    private static readonly Lazy<(ApiResource Resource, CustomResourceSchema Schema)> Served = new(() =>
    {
        var resource = CustomResourceDefinitions.Served.Single(r => r.Group == Group && r.Plural == Plural);
        return (resource, new CustomResourceSchema(resource));
    });

    public static string Namespace(JsonObject buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return (string?)buffer["metadata"]?["namespace"] is { Length: > 0 } ns ? ns : "default";
    }

    public static string Name(JsonObject buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return (string?)buffer["metadata"]?["name"] ?? "";
    }

    /// <summary>Whether the buffer's <c>scalableRef</c> names the wave's Deployment (same namespace).</summary>
    public static bool Covers(JsonObject buffer, Wave wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        return wave.IsDeployment && Namespace(buffer) == wave.Namespace && Deployment(buffer) == wave.Name;
    }

    /// <summary>The manifest as the demo creates it: in the served version, with its namespace written.</summary>
    public static JsonObject ForCreate(JsonObject buffer)
    {
        var copy = (JsonObject)buffer.DeepClone();
        copy["apiVersion"] = $"{Group}/{Version}";
        var metadata = copy["metadata"] as JsonObject ?? [];
        metadata["namespace"] = Namespace(buffer);
        copy["metadata"] = metadata;
        return copy;
    }

    /// <summary>The first thing wrong with the manifest, as (field within it, problem); null when there is none.</summary>
    internal static (string Field, string Problem)? Check(JsonObject buffer, IReadOnlyList<Wave> waves)
    {
        if ((string?)buffer["apiVersion"] is not { } apiVersion || !ApiVersions.Contains(apiVersion))
        {
            return ("apiVersion", $"\"{(string?)buffer["apiVersion"]}\" is not {ApiVersions[0]} or {ApiVersions[1]}");
        }

        if ((string?)buffer["kind"] != Kind)
        {
            return ("kind", $"\"{(string?)buffer["kind"]}\" is not {Kind}");
        }

        if (Name(buffer).Length == 0)
        {
            return ("metadata.name", "Required value");
        }

        var (resource, schema) = Served.Value;
        var pruned = (JsonObject)buffer.DeepClone();
        if (schema.Prune(pruned) is [var unknown, ..])
        {
            return (unknown, "unknown field");
        }

        if (NameRules.Check(resource, Name(buffer)).Concat(schema.Validate(pruned)).FirstOrDefault() is { } error)
        {
            return (error.Field, error.Detail);
        }

        var spec = buffer["spec"] as JsonObject;
        if ((spec?["podTemplateRef"] is null) == (spec?["scalableRef"] is null))
        {
            // The CRD's CEL rule (x-kubernetes-validations), in its own words.
            return ("spec", "exactly one of podTemplateRef or scalableRef must be set");
        }

        if (spec!["podTemplateRef"] is not null)
        {
            return ("spec.podTemplateRef", "the demo creates no PodTemplates; name a Deployment wave with scalableRef");
        }

        if (Deployment(buffer) is not { } deployment)
        {
            return ("spec.scalableRef", "only apps/Deployment is served");
        }

        return waves.Any(w => Covers(buffer, w))
            ? null
            : ("spec.scalableRef.name", $"\"{deployment}\" is not a Deployment wave in namespace {Namespace(buffer)}");
    }

    private static string? Deployment(JsonObject buffer) =>
        buffer["spec"]?["scalableRef"] is JsonObject reference
        && (string?)reference["kind"] == "Deployment"
        && (string?)reference["apiGroup"] is null or "" or "apps"
            ? (string?)reference["name"]
            : null;
}
