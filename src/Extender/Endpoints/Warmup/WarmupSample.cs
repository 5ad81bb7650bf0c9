using System.Text.Json;
using Extender.Kubernetes.Mapping;
using k8s;
using k8s.Models;

namespace Extender.Endpoints.Warmup;

/// <summary>
/// A small request in both node modes whose pod and node carry the fields a real scheduler sends (volumes, probes,
/// conditions, images...), so that their contracts are loaded here rather than on the first call; the pod fits the
/// node, so every predicate and both writers run.
/// </summary>
internal static class WarmupSample
{
    public const string NodeName = "extender-warmup-node";
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The sample node as the watch would have it, for a cluster of its own that the name mode can look nodes up in.</summary>
    public static Core.Cluster.Node ClusterNode() => NodeMapper.Map(Node());

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
            CreationTimestamp = Epoch,
            Labels = new Dictionary<string, string> { ["app"] = "extender-warmup" },
            Annotations = new Dictionary<string, string> { ["example.com/purpose"] = "warm-up" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "extender-warmup", Uid = "1", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            Volumes =
            [
                new V1Volume
                {
                    Name = "token",
                    Projected = new V1ProjectedVolumeSource
                    {
                        Sources =
                        [
                            new V1VolumeProjection { ServiceAccountToken = new V1ServiceAccountTokenProjection { Path = "token", ExpirationSeconds = 3607 } },
                            new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "ca", Items = [new V1KeyToPath { Key = "ca.crt", Path = "ca.crt" }] } },
                            new V1VolumeProjection
                            {
                                DownwardAPI = new V1DownwardAPIProjection
                                {
                                    Items = [new V1DownwardAPIVolumeFile { Path = "namespace", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } }],
                                },
                            },
                        ],
                    },
                },
            ],
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "example.com/warmup:1",
                    Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080, Protocol = "TCP" }],
                    Env =
                    [
                        new V1EnvVar { Name = "MODE", Value = "warm-up" },
                        new V1EnvVar { Name = "CPUS", ValueFrom = new V1EnvVarSource { ResourceFieldRef = new V1ResourceFieldSelector { Resource = "requests.cpu", Divisor = new("1") } } },
                    ],
                    Resources = new V1ResourceRequirements
                    {
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
                        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
                    },
                    VolumeMounts = [new V1VolumeMount { Name = "token", MountPath = "/var/run/secrets", ReadOnlyProperty = true }],
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8080, Scheme = "HTTP" }, PeriodSeconds = 10 },
                },
            ],
            SecurityContext = new V1PodSecurityContext(),
            TopologySpreadConstraints =
            [
                new V1TopologySpreadConstraint
                {
                    MaxSkew = 1,
                    TopologyKey = "topology.kubernetes.io/zone",
                    WhenUnsatisfiable = "ScheduleAnyway",
                    LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "extender-warmup" } },
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
        Status = new V1PodStatus
        {
            Phase = "Pending",
            QosClass = "Burstable",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", LastTransitionTime = Epoch }],
        },
    };

    private static V1Node Node() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = NodeName,
            Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64", ["kubernetes.io/hostname"] = NodeName },
        },
        Spec = new V1NodeSpec
        {
            ProviderID = "aws:///us-east-1a/i-0000000000000000",
            Taints = [new V1Taint { Key = "dedicated", Value = "warmup", Effect = "NoSchedule" }],
        },
        Status = new V1NodeStatus
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("110") },
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = Epoch, LastTransitionTime = Epoch, Reason = "KubeletReady" }],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo { Architecture = "amd64", OperatingSystem = "linux", KubeletVersion = "v1.34.1" },
            Images = [new V1ContainerImage { Names = ["example.com/warmup:1"], SizeBytes = 1 }],
            RuntimeHandlers = [new V1NodeRuntimeHandler { Name = "runc", Features = new V1NodeRuntimeHandlerFeatures { RecursiveReadOnlyMounts = true } }],
            Features = new V1NodeFeatures { SupplementalGroupsPolicy = true },
        },
    };
}
