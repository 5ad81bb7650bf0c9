using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Scheduling;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>
/// The scheduler stand-in's settings from the shipped ConfigMap <c>ec2-capacity-scheduler-config</c> (rendered from
/// <c>scheduler-config/ec2-capacity-scheduler.yaml</c>): its profiles' scheduler names and its extender, verbs, weight,
/// timeout and all. Only the extender's host and port change: in a pod, 127.0.0.1:8888 is the sidecar beside the
/// scheduler; here the replicas share one network and each listens on its own port.
/// </summary>
internal static class ShippedSchedulerConfig
{
    public const string ConfigMapName = "ec2-capacity-scheduler-config";

    public static SandboxSchedulerOptions For(IEnumerable<JsonObject> objects, Uri sidecar)
    {
        var configMap = objects.Single(o => (string?)o["kind"] == "ConfigMap" && ((string?)o["metadata"]?["name"])?.StartsWith(ConfigMapName, StringComparison.Ordinal) == true);
        var file = ((JsonObject)configMap["data"]!).Single().Value!.GetValue<string>();
        var config = (JsonObject)YamlJson.Parse(file)!;
        var extender = (JsonObject)((JsonArray)config["extenders"]!).Single()!;
        var shipped = new Uri((string)extender["urlPrefix"]!);
        return new SandboxSchedulerOptions
        {
            SchedulerNames = ((JsonArray)config["profiles"]!).Select(p => (string)p!["schedulerName"]!).ToHashSet(StringComparer.Ordinal),
            Extenders =
            [
                new ExtenderConfig
                {
                    UrlPrefix = new Uri(sidecar, shipped.AbsolutePath),
                    FilterVerb = (string?)extender["filterVerb"] ?? "",
                    PrioritizeVerb = (string?)extender["prioritizeVerb"] ?? "",
                    BindVerb = (string?)extender["bindVerb"] ?? "",
                    Weight = (long?)extender["weight"] ?? 0,
                    NodeCacheCapable = (bool?)extender["nodeCacheCapable"] ?? false,
                    HttpTimeout = extender["httpTimeout"] is { } timeout ? Seconds((string)timeout!) : TimeSpan.Zero,
                    Ignorable = (bool?)extender["ignorable"] ?? false,
                },
            ],
        };
    }

    private static TimeSpan Seconds(string duration) =>
        duration.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(duration[..^1], CultureInfo.InvariantCulture))
        : throw new NotSupportedException($"httpTimeout {duration}: only seconds are read here");
}
