using System.Reflection;
using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The project's custom resources as <c>manifests/crds</c> defines them (embedded at build time): the sandbox serves
/// each CRD's storage version with its names, scope, subresources, printer columns and schema, so what kubectl and the
/// sidecar see is what the shipped CRDs make a real cluster serve.
/// </summary>
internal static class CustomResourceDefinitions
{
    private const string Prefix = "Extender.Sandbox.Crds.";

    /// <summary>The CRD objects themselves, as <c>kubectl apply -f manifests/crds</c> would store them.</summary>
    public static IReadOnlyList<JsonObject> Objects { get; } = Load();

    public static IReadOnlyList<ApiResource> Served { get; } = [.. Objects.Select(ToResource)];

    private static List<JsonObject> Load()
    {
        var assembly = typeof(CustomResourceDefinitions).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Read(assembly, n))];
    }

    private static JsonObject Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return YamlJson.Parse(reader.ReadToEnd()) as JsonObject ?? throw new InvalidDataException($"{name} is not a CustomResourceDefinition");
    }

    private static ApiResource ToResource(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var version = ((JsonArray)spec["versions"]!).OfType<JsonObject>().Single(v => (bool?)v["storage"] == true);
        var subresources = version["subresources"] as JsonObject;
        return new ApiResource(
            (string)spec["group"]!,
            (string)version["name"]!,
            (string)names["plural"]!,
            (string)names["kind"]!,
            Namespaced: (string?)spec["scope"] == "Namespaced",
            HasStatus: subresources?["status"] is not null)
        {
            ShortNames = Strings(names["shortNames"]),
            Categories = Strings(names["categories"]),
            HasScale = subresources?["scale"] is not null,
            Definition = version,
        };
    }

    private static string[] Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => (string)n!)] : [];
}
