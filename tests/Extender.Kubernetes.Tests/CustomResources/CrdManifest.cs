using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Extender.Kubernetes.Tests.CustomResources;

/// <summary>A CRD manifest from manifests/crds, read into a JSON tree (scalars as strings).</summary>
internal static class CrdManifest
{
    public static JsonObject Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "crds", file));
        yaml.Load(reader);
        return (JsonObject)ToJson(yaml.Documents.Single().RootNode)!;
    }

    public static JsonObject Version(JsonObject crd) => crd["spec"]!["versions"]![0]!.AsObject();

    public static JsonObject Schema(JsonObject crd) => Version(crd)["schema"]!["openAPIV3Schema"]!.AsObject();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
