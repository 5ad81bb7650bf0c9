using YamlDotNet.RepresentationModel;

namespace Extender.Demo;

/// <summary>
/// The runtime's own variables (<c>DOTNET_*</c>, such as the GC mode) that the shipped Deployment sets on the
/// <c>extender</c> container, read from <c>manifests/deployment.yaml</c> as built into this binary. A sidecar started as
/// its own process (<see cref="SidecarProcess"/>) gets them, so that its memory and latency are measured under the
/// runtime settings a cluster gives it and not under whatever this process runs with.
/// </summary>
internal static class ShippedProcessEnvironment
{
    private const string ContainerName = "extender";
    private const string Resource = "Extender.Demo.deployment.yaml";
    private const string RuntimePrefix = "DOTNET_";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Shipped = new(() =>
    {
        using var stream = typeof(ShippedProcessEnvironment).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in this build");
        using var reader = new StreamReader(stream);
        return Runtime(reader.ReadToEnd());
    });

    /// <summary>The shipped Deployment's runtime variables.</summary>
    public static IReadOnlyDictionary<string, string> Current => Shipped.Value;

    /// <summary>The literal <c>DOTNET_*</c> variables of the <c>extender</c> container of the Deployments in <paramref name="manifest"/>.</summary>
    public static IReadOnlyDictionary<string, string> Runtime(string manifest)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(manifest));
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var document in yaml.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Scalar(root, "kind") != "Deployment")
            {
                continue;
            }

            var containers = Child(Child(Child(root, "spec"), "template"), "spec") is { } pod ? Child(pod, "containers") as YamlSequenceNode : null;
            var container = containers?.Children.OfType<YamlMappingNode>().FirstOrDefault(c => Scalar(c, "name") == ContainerName);
            foreach (var variable in (container is null ? null : Child(container, "env") as YamlSequenceNode)?.Children.OfType<YamlMappingNode>() ?? [])
            {
                // A variable from the downward API or a Secret has no literal value, and none of the runtime's comes from one.
                if (Scalar(variable, "name") is { } name && name.StartsWith(RuntimePrefix, StringComparison.Ordinal) && Scalar(variable, "value") is { } value)
                {
                    variables[name] = value;
                }
            }
        }

        return variables;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
