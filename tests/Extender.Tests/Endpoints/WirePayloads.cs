using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Extender.Tests.Endpoints;

/// <summary>Builds request bodies the way kube-scheduler sends them: PascalCase envelope, camelCase Kubernetes objects.</summary>
internal static class WirePayloads
{
    public static V1Pod Pod(string name, string cpu = "500m", string memory = "256Mi", string uid = "uid-1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = uid, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec
        {
            SchedulerName = "ec2-capacity-scheduler",
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) } },
                },
            ],
        },
        Status = new V1PodStatus { Phase = "Pending" },
    };

    public static V1Node Node(string name, string cpu = "4", string memory = "16Gi") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new("110") },
        },
    };

    public static string WithNames(V1Pod pod, params string[] names) =>
        new JsonObject { ["Pod"] = Json(pod), ["Nodes"] = null, ["NodeNames"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]) }.ToJsonString();

    public static string WithNodes(V1Pod pod, params V1Node[] nodes) =>
        new JsonObject
        {
            ["Pod"] = Json(pod),
            ["Nodes"] = new JsonObject { ["metadata"] = new JsonObject(), ["items"] = new JsonArray([.. nodes.Select(Json)]) },
            ["NodeNames"] = null,
        }.ToJsonString();

    public static JsonNode Json<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value))!;

    /// <summary>Property names of a JSON object, in document order.</summary>
    public static string[] Keys(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name)];
}
