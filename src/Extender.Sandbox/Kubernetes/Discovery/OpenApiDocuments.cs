using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Discovery;

/// <summary>
/// The OpenAPI documents kubectl reads: <c>/openapi/v3</c> (the index of group-versions), <c>/openapi/v3/apis/G/V</c>
/// (paths and schemas of one group-version) and <c>/openapi/v2</c> as JSON. Custom resources carry their CRD's schema,
/// so <c>kubectl explain nodepool.spec</c> reads the shipped descriptions. Built-in kinds get an open schema (any
/// fields): the sandbox does not carry upstream's schemas, and kubectl computes strategic merge patches for them from
/// its own compiled-in types when the PATCH operation does not list the strategic-merge content type, as here.
/// Every PATCH lists <c>fieldValidation</c>, so kubectl leaves field validation to the server instead of downloading a
/// protobuf schema.
/// </summary>
internal static class OpenApiDocuments
{
    private static readonly Lazy<IReadOnlyDictionary<string, (JsonObject Document, string Hash)>> V3 = new(BuildV3);

    /// <summary>The v3 index: each group-version's path with the hash kubectl caches it under.</summary>
    public static JsonObject Index() => new()
    {
        ["paths"] = new JsonObject(V3.Value.Select(kv => KeyValuePair.Create<string, JsonNode?>(
            kv.Key, new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{kv.Key}?hash={kv.Value.Hash}" }))),
    };

    /// <summary>The v3 document of <c>api/v1</c> or <c>apis/GROUP/VERSION</c>; null when not served.</summary>
    public static JsonObject? GroupVersion(string path) =>
        V3.Value.TryGetValue(path.Trim('/'), out var entry) ? (JsonObject)entry.Document.DeepClone() : null;

    /// <summary>Swagger 2.0 with every kind's schema under <c>definitions</c>.</summary>
    public static JsonObject V2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = Info(),
        ["paths"] = new JsonObject(),
        ["definitions"] = new JsonObject([.. ApiResources.All.Where(Stored).Select(r => KeyValuePair.Create<string, JsonNode?>(SchemaName(r), Schema(r)))]),
    };

    private static Dictionary<string, (JsonObject, string)> BuildV3()
    {
        var documents = new Dictionary<string, (JsonObject, string)>(StringComparer.Ordinal);
        foreach (var (group, version) in ApiDiscovery.Groups())
        {
            var resources = ApiResources.All.Where(r => r.Group == group && r.Version == version).ToList();
            var document = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = Info(),
                ["paths"] = new JsonObject([.. resources.SelectMany(Paths)]),
                ["components"] = new JsonObject
                {
                    ["schemas"] = new JsonObject([.. resources.Where(Stored).Select(r => KeyValuePair.Create<string, JsonNode?>(SchemaName(r), Schema(r)))]),
                },
            };
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())))[..16];
            documents[group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}"] = (document, hash);
        }

        return documents;
    }

    private static JsonObject Info() => new() { ["title"] = "Kubernetes", ["version"] = SandboxVersion.GitVersion };

    private static bool Stored(ApiResource resource) => resource.Verbs.Contains("get");

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Paths(ApiResource resource)
    {
        var prefix = resource.Group.Length == 0 ? $"/api/{resource.Version}" : $"/apis/{resource.Group}/{resource.Version}";
        var collection = resource.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{resource.Plural}" : $"{prefix}/{resource.Plural}";
        if (!Stored(resource))
        {
            yield return KeyValuePair.Create<string, JsonNode?>(collection, new JsonObject { ["post"] = Operation(resource, "post", "create") });
            yield break;
        }

        yield return KeyValuePair.Create<string, JsonNode?>(collection, new JsonObject
        {
            ["get"] = Operation(resource, "list", "list"),
            ["post"] = Operation(resource, "post", "create"),
            ["delete"] = Operation(resource, "deletecollection", "deletecollection"),
        });
        var patch = Operation(resource, "patch", "patch");
        patch["requestBody"] = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["application/json-patch+json"] = new JsonObject { ["schema"] = new JsonObject() },
                ["application/merge-patch+json"] = new JsonObject { ["schema"] = new JsonObject() },
                ["application/apply-patch+yaml"] = new JsonObject { ["schema"] = new JsonObject() },
            },
        };
        yield return KeyValuePair.Create<string, JsonNode?>(collection + "/{name}", new JsonObject
        {
            ["get"] = Operation(resource, "get", "get"),
            ["put"] = Operation(resource, "put", "update"),
            ["patch"] = patch,
            ["delete"] = Operation(resource, "delete", "delete"),
        });
    }

    private static JsonObject Operation(ApiResource resource, string action, string verb)
    {
        var parameters = new JsonArray();
        foreach (var name in (string[])["dryRun", "fieldManager", "fieldValidation", "pretty"])
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        return new JsonObject
        {
            ["operationId"] = $"{verb}{resource.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = Gvk(resource),
        };
    }

    private static JsonObject Gvk(ApiResource resource) =>
        new() { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };

    /// <summary>Upstream's naming: <c>io.k8s.api.core.v1.Pod</c>, and the reversed group for custom resources.</summary>
    private static string SchemaName(ApiResource resource)
    {
        if (resource.Definition is not null)
        {
            return $"{string.Join('.', resource.Group.Split('.').Reverse())}.{resource.Version}.{resource.Kind}";
        }

        var package = resource.Group switch
        {
            "" => "core",
            var g when g.EndsWith(".k8s.io", StringComparison.Ordinal) => g[..^".k8s.io".Length],
            var g => g,
        };
        return $"io.k8s.api.{package}.{resource.Version}.{resource.Kind}";
    }

    private static JsonObject Schema(ApiResource resource)
    {
        var schema = resource.Definition?["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject
            ?? new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"{resource.Kind} ({resource.ApiVersion}); the sandbox does not carry its upstream schema.",
                ["properties"] = new JsonObject
                {
                    ["apiVersion"] = new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." },
                    ["kind"] = new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." },
                    ["metadata"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                },
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(resource));
        return schema;
    }
}
