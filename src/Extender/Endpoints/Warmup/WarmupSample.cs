using System.Text.Json;
using k8s;
using k8s.Models;

namespace Extender.Endpoints.Warmup;

/// <summary>
/// A small but complete request in both node modes: a pod with requests, a node selector, node affinity, tolerations
/// and anti-affinity, and one roomy untainted node it fits on, so every predicate and both writers run.
/// </summary>
internal static class WarmupSample
{
    private const string NodeName = "extender-warmup-node";

    public static byte[] WithNodes() => Envelope(writer =>
    {
        writer.WriteStartObject("Nodes");
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        JsonSerializer.Serialize(writer, Node(), SourceGenerationContext.Default.V1Node);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("NodeNames");
    });

    public static byte[] WithNodeNames() => Envelope(writer =>
    {
        writer.WriteNull("Nodes");
        writer.WriteStartArray("NodeNames");
        writer.WriteStringValue(NodeName);
        writer.WriteEndArray();
    });

    private static byte[] Envelope(Action<Utf8JsonWriter> writeNodes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("Pod");
            JsonSerializer.Serialize(writer, Pod(), SourceGenerationContext.Default.V1Pod);
            writeNodes(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "extender-warmup",
            NamespaceProperty = "default",
            Uid = "00000000-0000-0000-0000-000000000000",
            CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Labels = new Dictionary<string, string> { ["app"] = "extender-warmup" },
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
                    },
                },
            ],
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" },
            Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists", Effect = "NoSchedule" }],
            Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/arch", OperatorProperty = "In", Values = ["amd64", "arm64"] }] },
                    ],
                    },
                },
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1PodAffinityTerm
                        {
                            TopologyKey = "kubernetes.io/hostname",
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "extender-warmup" } },
                        },
                    ],
                },
            },
        },
        Status = new V1PodStatus { Phase = "Pending" },
    };

    private static V1Node Node() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = NodeName,
            Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64", ["kubernetes.io/hostname"] = NodeName },
        },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };
}
