using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Discovery;

/// <summary>
/// The discovery documents kube-apiserver serves (<c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/GROUP</c>,
/// <c>/apis/GROUP/VERSION</c>), built from <see cref="ApiResources.All"/>. Only the unaggregated form: a client that
/// asks for the aggregated <c>APIGroupDiscoveryList</c> first gets <c>application/json</c> back and reads it as the
/// plain one, as it does against servers older than 1.26.
/// </summary>
internal static class ApiDiscovery
{
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    /// <summary>The document for <paramref name="path"/>; null when the path is not a discovery path.</summary>
    public static JsonObject? For(string path) => path.Trim('/').Split('/') switch
    {
        ["api"] => new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
        },
        ["api", var version] when Groups().Contains(("", version)) => ResourceList("", version),
        ["apis"] => new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray([.. Groups().Where(g => g.Group.Length > 0).Select(g => Group(g.Group, g.Version))]),
        },
        ["apis", var group] when Groups().Any(g => g.Group == group && group.Length > 0) => GroupDocument(group),
        ["apis", var group, var version] when group.Length > 0 && Groups().Contains((group, version)) => ResourceList(group, version),
        _ => null,
    };

    /// <summary>Every (group, version) served, the legacy core group ("") first, in a stable order.</summary>
    public static IReadOnlyList<(string Group, string Version)> Groups() =>
        [.. ApiResources.All.Select(r => (r.Group, r.Version)).Distinct()];

    private static JsonObject Group(string group, string version)
    {
        var groupVersion = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray(groupVersion),
            ["preferredVersion"] = groupVersion.DeepClone(),
        };
    }

    private static JsonObject ResourceList(string group, string version) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
        ["resources"] = new JsonArray([.. ApiResources.All.Where(r => r.Group == group && r.Version == version).SelectMany(Entries)]),
    };

    private static IEnumerable<JsonNode> Entries(ApiResource resource)
    {
        var entry = new JsonObject
        {
            ["name"] = resource.Plural,
            ["singularName"] = resource.Singular,
            ["namespaced"] = resource.Namespaced,
            ["kind"] = resource.Kind,
            ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => (JsonNode)v)]),
        };
        if (resource.ShortNames.Count > 0)
        {
            entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(n => (JsonNode)n)]);
        }

        if (resource.Categories.Count > 0)
        {
            entry["categories"] = new JsonArray([.. resource.Categories.Select(n => (JsonNode)n)]);
        }

        yield return entry;
        foreach (var subresource in Subresources.Of(resource))
        {
            var sub = new JsonObject
            {
                ["name"] = $"{resource.Plural}/{subresource.Name}",
                ["singularName"] = "",
                ["namespaced"] = resource.Namespaced,
                ["kind"] = subresource.Kind ?? resource.Kind,
                ["verbs"] = new JsonArray([.. (subresource.Verbs ?? SubresourceVerbs).Select(v => (JsonNode)v)]),
            };
            if (subresource.Group is { } g)
            {
                sub["group"] = g;
                sub["version"] = "v1";
            }

            yield return sub;
        }
    }

    private static JsonObject GroupDocument(string group)
    {
        var document = Group(group, Groups().First(g => g.Group == group).Version);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }
}
