using System.Text.Json;
using Extender.Core.Cluster;
using Extender.Kubernetes.Mapping;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Tests.Mapping;

/// <summary>Golden tests on the realistic pod and nodes of the upstream-shaped extender fixture.</summary>
public sealed class MappingTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Mapping", "Data", "filter-request.json"))).RootElement;

    [Fact]
    public void Map_PreferredNodeAffinity_KeepsWeightsAndTermsInOrder()
    {
        var pod = PodMapper.Map(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "default" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "x" }],
                Affinity = new V1Affinity
                {
                    NodeAffinity = new V1NodeAffinity
                    {
                        PreferredDuringSchedulingIgnoredDuringExecution =
                        [
                            Preferred(10, "karpenter.k8s.aws/instance-family", "In", "m7i"),
                            Preferred(90, "topology.kubernetes.io/zone", "NotIn", "us-east-1a"),
                        ],
                    },
                },
            },
        });

        Assert.Equal([10, 90], pod.PreferredNodeAffinity.Select(p => p.Weight));
        var first = Assert.Single(pod.PreferredNodeAffinity[0].Preference.MatchExpressions);
        Assert.Equal(("karpenter.k8s.aws/instance-family", "In", "m7i"), (first.Key, first.Operator, Assert.Single(first.Values)));
        Assert.Equal("NotIn", pod.PreferredNodeAffinity[1].Preference.MatchExpressions[0].Operator);
        Assert.Empty(pod.RequiredNodeAffinity);
    }

    [Fact]
    public void Map_PreferredPodAffinityAndAntiAffinity_KeepWeightsAndTerms()
    {
        static V1WeightedPodAffinityTerm Term(int weight, string app, string topologyKey) => new()
        {
            PodAffinityTerm = new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } }, TopologyKey = topologyKey },
            Weight = weight,
        };
        var pod = PodMapper.Map(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "default" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "x" }],
                Affinity = new V1Affinity
                {
                    PodAffinity = new V1PodAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [Term(20, "db", "topology.kubernetes.io/zone")] },
                    PodAntiAffinity = new V1PodAntiAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [Term(100, "web", "kubernetes.io/hostname"), Term(5, "web", "topology.kubernetes.io/zone")] },
                },
            },
        });

        Assert.Equal((20, "topology.kubernetes.io/zone", "db"), (pod.PreferredPodAffinity[0].Weight, pod.PreferredPodAffinity[0].Term.TopologyKey, pod.PreferredPodAffinity[0].Term.Selector!.MatchLabels["app"]));
        Assert.Equal([100, 5], pod.PreferredPodAntiAffinity.Select(t => t.Weight));
        Assert.Equal("kubernetes.io/hostname", pod.PreferredPodAntiAffinity[0].Term.TopologyKey);
        Assert.Empty(pod.RequiredPodAffinity);
        Assert.Empty(pod.RequiredPodAntiAffinity);
    }

    [Fact]
    public void MapNamespaceLabels_KeepsItsLabelsAndAddsTheNameLabelTheApiServerSets()
    {
        var labels = NamespaceMapper.Labels(new V1Namespace { Metadata = new V1ObjectMeta { Name = "payments", Labels = new Dictionary<string, string> { ["team"] = "a" } } });

        Assert.Equal(new Dictionary<string, string> { ["team"] = "a", ["kubernetes.io/metadata.name"] = "payments" }, labels);
        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "bare" }, NamespaceMapper.Labels(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bare" } }));
    }

    private static V1PreferredSchedulingTerm Preferred(int weight, string key, string @operator, string value) => new()
    {
        Weight = weight,
        Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = @operator, Values = [value] }] },
    };

    [Fact]
    public void Map_TwoPodsDeserializedApart_ShareTheirRepeatedStringsAndEmptyCollections()
    {
        // Each watch event deserializes its own copies; 50,000 kept pods must not each keep their own (issue 24).
        var json = Fixture.GetProperty("Pod").GetRawText();
        var first = PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(json));
        var second = PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(json));

        Assert.NotEmpty(first.Labels);
        Assert.Same(first.Namespace, second.Namespace);
        Assert.Same(first.NodeName ?? first.SchedulerName, second.NodeName ?? second.SchedulerName);
        Assert.All(first.Labels.Keys.Zip(second.Labels.Keys), k => Assert.Same(k.First, k.Second));
        Assert.All(first.Labels.Values.Zip(second.Labels.Values), v => Assert.Same(v.First, v.Second));
        Assert.All(first.Requests.Zip(second.Requests), r => Assert.Same(r.First.Key, r.Second.Key));
        Assert.Same(first.Tolerations[0].Key, second.Tolerations[0].Key);

        var bare = PodMapper.Map(new V1Pod { Metadata = new V1ObjectMeta { Name = "a" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] } });
        var other = PodMapper.Map(new V1Pod { Metadata = new V1ObjectMeta { Name = "b" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] } });
        Assert.Same(bare.Labels, other.Labels);
        Assert.Same(bare.NodeSelector, other.NodeSelector);
        Assert.Same(bare.Tolerations, other.Tolerations);
        Assert.Same(bare.TopologySpread, other.TopologySpread);
        Assert.Same(bare.RequiredNodeAffinity, other.RequiredNodeAffinity);
        Assert.Same(bare.HostPorts, other.HostPorts);
    }

    [Fact]
    public void MapUnshared_SameFieldsAsMap_ButItsStringsAreNotTheSharedOnes_AndMapSharesAgainAfter()
    {
        var json = Fixture.GetProperty("Pod").GetRawText();
        var kept = PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(json));
        var request = PodMapper.MapUnshared(KubernetesJson.Deserialize<V1Pod>(json));
        var keptAgain = PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(json));

        Assert.Equal((kept.Uid, kept.Namespace, kept.Name, kept.SchedulerName), (request.Uid, request.Namespace, request.Name, request.SchedulerName));
        Assert.Equal(kept.Labels, request.Labels);
        Assert.Equal(kept.Requests, request.Requests);
        Assert.Equal(kept.Tolerations, request.Tolerations);
        Assert.NotSame(kept.Namespace, request.Namespace);
        Assert.All(kept.Labels.Keys.Zip(request.Labels.Keys), k => Assert.NotSame(k.First, k.Second));
        Assert.Same(kept.Namespace, keptAgain.Namespace);
        Assert.All(kept.Labels.Keys.Zip(keptAgain.Labels.Keys), k => Assert.Same(k.First, k.Second));
    }

    [Fact]
    public void Map_FixturePod_CarriesEveryConstraint()
    {
        var pod = PodMapper.Map(KubernetesJson.Deserialize<V1Pod>(Fixture.GetProperty("Pod").GetRawText()));

        Assert.Equal("7c1f3a52-9e0b-4d8e-b6a2-3f5c9d1e8a47", pod.Uid);
        Assert.Equal("ml-serving/inference-worker-6b8f9c7d54-k2xqp", pod.Key);
        Assert.Equal("ec2-capacity-scheduler", pod.SchedulerName);
        Assert.Equal(100000, pod.Priority);
        Assert.Equal(new DateTimeOffset(2026, 7, 23, 10, 14, 2, TimeSpan.Zero), pod.CreatedAt);
        Assert.Equal("cpu=1500m memory=4Gi pods=1", pod.Requests.ToString());
        Assert.Equal("amd64", pod.NodeSelector["kubernetes.io/arch"]);
        var term = Assert.Single(pod.RequiredNodeAffinity);
        var requirement = Assert.Single(term.MatchExpressions);
        Assert.Equal(("node.kubernetes.io/instance-type", "In"), (requirement.Key, requirement.Operator));
        Assert.Equal(["m5.large", "m5.xlarge", "c5.2xlarge"], requirement.Values);
        Assert.Equal(new Toleration("dedicated", "Equal", "inference", "NoSchedule"), pod.Tolerations[0]);
        Assert.Equal(3, pod.Tolerations.Count);
        Assert.Empty(pod.RequiredPodAntiAffinity); // the fixture's anti-affinity is only preferred
        var spread = Assert.Single(pod.TopologySpread);
        Assert.Equal((1, "topology.kubernetes.io/zone", "ScheduleAnyway"), (spread.MaxSkew, spread.TopologyKey, spread.WhenUnsatisfiable));
        Assert.Equal("inference-worker", spread.Selector!.MatchLabels["app.kubernetes.io/name"]);
        Assert.Equal("ReplicaSet", pod.OwnerKind);
        Assert.True(pod.MarkedUnschedulable);
        Assert.Null(pod.NodeName);
        Assert.Empty(pod.HostPorts);
    }

    [Fact]
    public void Map_FixtureNode_ParsesAllocatableTaintsAndProvider()
    {
        var nodes = Fixture.GetProperty("Nodes").GetProperty("items").EnumerateArray()
            .Select(n => NodeMapper.Map(KubernetesJson.Deserialize<V1Node>(n.GetRawText()))).ToList();

        var tainted = nodes.Single(n => n.Name == "ip-10-0-3-141.us-west-2.compute.internal");
        Assert.Equal("aws:///us-west-2c/i-0c3d4e5f60718293a", tainted.ProviderId);
        Assert.Equal(new Taint("dedicated", "inference", "NoSchedule"), Assert.Single(tainted.Taints));
        Assert.Equal(7910, tainted.Allocatable["cpu"]);
        Assert.Equal(15027196L * 1024 * 1000, tainted.Allocatable["memory"]);
        Assert.Equal(58_000, tainted.Allocatable["pods"]);
        Assert.Equal("c5.2xlarge", tainted.Labels["node.kubernetes.io/instance-type"]);
        Assert.All(nodes, n => Assert.True(n.Ready));
    }

    [Fact]
    public void Map_SidecarsInitContainersOverheadAndLimits_ComputesSchedulerDemand()
    {
        var pod = PodMapper.Map(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "job-1", NamespaceProperty = "batch" },
            Spec = new V1PodSpec
            {
                Containers = [Container("main", requests: new() { ["cpu"] = "1" }, limits: new() { ["memory"] = "2Gi" })],
                InitContainers =
                [
                    Container("proxy", requests: new() { ["cpu"] = "250m" }, restartPolicy: "Always"),
                    Container("fetch", requests: new() { ["cpu"] = "2", ["memory"] = "1Gi" }),
                ],
                Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") },
            },
        });

        // memory defaults to the limit; the init phase (2 + 0.25 cpu) beats the app phase (1 + 0.25 cpu).
        Assert.Equal("cpu=2350m memory=2Gi pods=1", pod.Requests.ToString());
        Assert.Equal("batch/job-1", pod.Uid);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    public void Map_SchedulingGates_MarkThePodGated(int gates, bool gated)
    {
        var pod = PodMapper.Map(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "gated", NamespaceProperty = "jobs" },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "main" }],
                SchedulingGates = [.. Enumerable.Range(0, gates).Select(i => new V1PodSchedulingGate { Name = "example.com/quota-" + i })],
            },
        });

        Assert.Equal(gated, pod.SchedulingGated);
    }

    [Fact]
    public void Map_HostPortsAndOwner_AreKept()
    {
        var pod = PodMapper.Map(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "agent-x",
                NamespaceProperty = "kube-system",
                OwnerReferences = [new V1OwnerReference { Kind = "DaemonSet", Name = "agent", Controller = true, ApiVersion = "apps/v1", Uid = "u" }],
                DeletionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Ports = [new V1ContainerPort { ContainerPort = 9100, HostPort = 9100 }, new V1ContainerPort { ContainerPort = 80 }] }] },
            Status = new V1PodStatus { Phase = "Running" },
        });

        Assert.Equal(new HostPort("TCP", "", 9100), Assert.Single(pod.HostPorts));
        Assert.Equal("DaemonSet", pod.OwnerKind);
        Assert.True(pod.Terminating);
        Assert.False(pod.IsFinished);
    }

    private static V1Container Container(string name, Dictionary<string, string>? requests = null, Dictionary<string, string>? limits = null, string? restartPolicy = null) =>
        new()
        {
            Name = name,
            RestartPolicy = restartPolicy,
            Resources = new V1ResourceRequirements
            {
                Requests = requests?.ToDictionary(r => r.Key, r => new ResourceQuantity(r.Value)),
                Limits = limits?.ToDictionary(r => r.Key, r => new ResourceQuantity(r.Value)),
            },
        };
}
