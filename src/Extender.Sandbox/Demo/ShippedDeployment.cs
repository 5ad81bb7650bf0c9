using System.Text.Json.Nodes;

namespace Extender.Sandbox.Demo;

/// <summary>
/// The sidecar's container as the shipped Deployment defines it, read from manifests with the sandbox's YAML reading
/// (<see cref="YamlJson"/>): one reader for the demo's child process environment and the as-shipped test harness.
/// </summary>
public static class ShippedDeployment
{
    /// <summary>The sidecar's container in the Deployment's pod template.</summary>
    public const string ContainerName = "extender";

    /// <summary>The <see cref="ContainerName"/> container of every Deployment in a (multi-document) manifest, in order.</summary>
    public static IReadOnlyList<JsonObject> Containers(string manifest) =>
        [.. YamlJson.ParseAll(manifest).OfType<JsonObject>().Where(o => (string?)o["kind"] == "Deployment").Select(Container).OfType<JsonObject>()];

    /// <summary>The <see cref="ContainerName"/> container of a Deployment's pod template; null when it has none.</summary>
    public static JsonObject? Container(JsonObject deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return (deployment["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["name"] == ContainerName);
    }
}
