using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Endpoints.Filter;
using Extender.Endpoints.Http;
using Extender.Kubernetes.Mapping;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Benchmarks.Endpoints;

/// <summary>
/// <c>filter</c> in-process, from request bytes to serialized answer: 5,000 node names against a 5,000-node
/// snapshot (four bound pods per node, 20,000 in all), and 100 full node objects. The pod carries a node selector, required node
/// affinity, tolerations and required anti-affinity, and about one node in ten rejects it for a different reason.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FilterBenchmarks
{
    private const int ClusterSize = 5_000;
    private const int FullNodesCount = 100;
    private static readonly string[] InstanceTypes = ["m5.large", "m5.xlarge", "c5.2xlarge", "r5.large"];
    private static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    private readonly PooledBufferWriter _response = new(512 * 1024);
    private readonly ClusterState _cluster = new();
    private readonly ReservationLedger _emptyLedger = new();
    private FilterVerb _filter = null!;
    private byte[] _namesRequest = [];
    private byte[] _nodesRequest = [];

    [GlobalSetup]
    public void Setup()
    {
        var nodes = Enumerable.Range(0, ClusterSize).Select(WireNode).ToArray();
        var pods = nodes.SelectMany((n, i) => Residents(n.Metadata.Name, i)).ToArray();
        _cluster.Replace(nodes.Select(NodeMapper.Map), pods);
        _filter = new FilterVerb(_cluster, new ReservationLedger(), Array.Empty<IUnschedulablePodSink>(), TimeProvider.System, NullLogger<FilterVerb>.Instance);

        var pod = JsonNode.Parse(KubernetesJson.Serialize(Pod()))!;
        _namesRequest = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Pod"] = pod.DeepClone(),
            ["Nodes"] = null,
            ["NodeNames"] = new JsonArray([.. nodes.Select(n => JsonValue.Create(n.Metadata.Name))]),
        });
        _nodesRequest = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Pod"] = pod.DeepClone(),
            ["Nodes"] = new JsonObject
            {
                ["metadata"] = new JsonObject(),
                ["items"] = new JsonArray([.. nodes.Take(FullNodesCount).Select(n => JsonNode.Parse(KubernetesJson.Serialize(n)))]),
            },
            ["NodeNames"] = null,
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _response.Dispose();

    [Benchmark(Description = "filter, 5,000 NodeNames")]
    public int NodeNames5000() => Run(_namesRequest);

    [Benchmark(Description = "filter, 100 full Nodes")]
    public int FullNodes100() => Run(_nodesRequest);

    private int Run(byte[] request)
    {
        _response.Clear();
        using (var writer = new Utf8JsonWriter(_response))
        {
            _filter.Respond(request, writer, _cluster.Current, _emptyLedger, handOff: true);
        }

        return _response.WrittenCount;
    }

    // One resident per node shares the incoming pod's namespace (a web replica on every tenth node); the rest spread
    // over twenty team namespaces, as on a shared cluster.
    private static IEnumerable<Pod> Residents(string node, int index) =>
        Enumerable.Range(0, 4).Select(j => new PodBuilder($"resident-{index}-{j}")
            .Uid($"resident-{index}-{j}")
            .Namespace(j == 0 ? "shop" : $"team-{(index + j) % 20}")
            .Label("app", j > 0 ? $"svc-{j}" : index % 10 == 3 ? "web" : "cart")
            .Cpu("250m")
            .Memory("512Mi")
            .OnNode(node)
            .Build());

    private static V1Node WireNode(int index)
    {
        var name = $"ip-10-{index / 250}-{index % 250}-{index % 7}.ec2.internal";
        var type = InstanceTypes[index % InstanceTypes.Length];
        return new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Uid = $"node-uid-{index}",
                CreationTimestamp = new DateTime(2026, 7, 20, 8, 2, 11, DateTimeKind.Utc),
                Labels = new Dictionary<string, string>
                {
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/os"] = "linux",
                    ["kubernetes.io/hostname"] = name,
                    ["node.kubernetes.io/instance-type"] = type,
                    ["topology.kubernetes.io/zone"] = Zones[index % Zones.Length],
                    ["topology.kubernetes.io/region"] = "us-east-1",
                    ["eks.amazonaws.com/nodegroup"] = "general",
                },
                Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Spec = new V1NodeSpec
            {
                ProviderID = $"aws:///us-east-1a/i-{index:x17}",
                Taints = index % 10 == 7 ? [new V1Taint { Key = "dedicated", Value = "batch", Effect = "NoSchedule" }] : null,
            },
            Status = new V1NodeStatus
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("58") },
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3920m"), ["memory"] = new("15027196Ki"), ["pods"] = new("58") },
                Conditions =
                [
                    new V1NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory" },
                    new V1NodeCondition { Type = "DiskPressure", Status = "False", Reason = "KubeletHasNoDiskPressure" },
                    new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status" },
                ],
                Addresses = [new V1NodeAddress { Address = "10.0.0.1", Type = "InternalIP" }, new V1NodeAddress { Address = name, Type = "Hostname" }],
                NodeInfo = new V1NodeSystemInfo
                {
                    Architecture = "amd64",
                    ContainerRuntimeVersion = "containerd://1.7.27",
                    KernelVersion = "6.1.141-155.222.amzn2023.x86_64",
                    KubeletVersion = "v1.34.1-eks-3abbec1",
                    OperatingSystem = "linux",
                    OsImage = "Amazon Linux 2023.8.20250715",
                },
            },
        };
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web-6b8f9c7d54-k2xqp",
            NamespaceProperty = "shop",
            Uid = "7c1f3a52-9e0b-4d8e-b6a2-3f5c9d1e8a47",
            CreationTimestamp = new DateTime(2026, 7, 23, 10, 14, 2, DateTimeKind.Utc),
            Labels = new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "6b8f9c7d54" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-6b8f9c7d54", Uid = "e4b2c9d1", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            SchedulerName = "ec2-capacity-scheduler",
            Priority = 100000,
            Containers =
            [
                new V1Container
                {
                    Name = "web",
                    Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.14.2",
                    Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http", Protocol = "TCP" }],
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m"), ["memory"] = new("4Gi") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("4Gi") },
                    },
                },
            ],
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "amd64", ["kubernetes.io/os"] = "linux" },
            Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm
                        {
                            MatchExpressions = [new V1NodeSelectorRequirement { Key = "node.kubernetes.io/instance-type", OperatorProperty = "In", Values = ["m5.large", "m5.xlarge", "c5.2xlarge"] }],
                        },
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
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                        },
                    ],
                },
            },
            Tolerations =
            [
                new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "inference", Effect = "NoSchedule" },
                new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
                new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
            ],
        },
        Status = new V1PodStatus { Phase = "Pending" },
    };
}
