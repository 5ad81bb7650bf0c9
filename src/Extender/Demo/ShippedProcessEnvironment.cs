using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>
/// The runtime's own variables (<c>DOTNET_*</c>, such as the GC mode) that the shipped Deployment sets on the
/// <c>extender</c> container, read from <c>manifests/deployment.yaml</c> as built into this binary. A sidecar started as
/// its own process (<see cref="SidecarProcess"/>) gets them, so that its memory and latency are measured under the
/// runtime settings a cluster gives it and not under whatever this process runs with.
/// </summary>
internal static class ShippedProcessEnvironment
{
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
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in ShippedDeployment.Containers(manifest).SelectMany(c => c["env"] as JsonArray ?? []).OfType<JsonObject>())
        {
            // A variable from the downward API or a Secret has no literal value, and none of the runtime's comes from one.
            if ((string?)variable["name"] is { } name && name.StartsWith(RuntimePrefix, StringComparison.Ordinal) && variable["value"] is JsonValue value)
            {
                variables[name] = value.ToString();
            }
        }

        return variables;
    }
}
