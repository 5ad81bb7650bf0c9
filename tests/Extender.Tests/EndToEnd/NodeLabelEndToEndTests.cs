using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Demo;
using k8s;
using k8s.Models;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// Per label key and spelling a pod can select on: the pod is bought for, and then bound to the node bought for it
/// (issue 16). One environment for the table: every row's pod is created at once, each kept off the others' nodes by
/// hostname anti-affinity, so that no row rides on a node bought for another.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NodeLabelEndToEndTests(NodeLabelEndToEndTests.Cluster cluster) : IClassFixture<NodeLabelEndToEndTests.Cluster>
{
    private const string RowApp = "label-row";

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var (key, value) in RowList)
        {
            rows.Add(key, value);
        }

        return rows;
    }

    /// <summary>Instance-attribute keys with a value of one type, written in ours and in Karpenter's spelling.</summary>
    private static readonly (string Key, string Value)[] InstanceAttributes =
    [
        ("instance-category", "m"), ("instance-family", "m5"), ("instance-generation", "5"), ("instance-size", "large"),
        ("instance-cpu", "2"), ("instance-memory", "8192"), ("instance-gpu-count", "1"), ("instance-gpu-name", "t4"),
    ];

    private static readonly List<(string Key, string Value)> RowList =
    [
        (WellKnownLabels.Arch, "amd64"), ("beta.kubernetes.io/arch", "amd64"),
        (WellKnownLabels.Os, "linux"), ("beta.kubernetes.io/os", "linux"),
        (WellKnownLabels.InstanceType, "m5.large"), ("beta.kubernetes.io/instance-type", "m5.large"),
        (WellKnownLabels.Zone, "us-east-1b"), ("failure-domain.beta.kubernetes.io/zone", "us-east-1b"),
        (WellKnownLabels.Region, "us-east-1"), ("failure-domain.beta.kubernetes.io/region", "us-east-1"),
        (WellKnownLabels.CapacityType, "spot"), ("karpenter.sh/capacity-type", "spot"),
        (WellKnownLabels.CapacityType, "on-demand"), ("karpenter.sh/capacity-type", "on-demand"),
        (WellKnownLabels.NodePool, "teams"),
        .. InstanceAttributes.SelectMany(a => new[] { (WellKnownLabels.Group + "/" + a.Key, a.Value), (KarpenterLabels.AwsGroup + "/" + a.Key, a.Value) }),
        // A key the NodePool leaves open (team In [a, b]) narrowed by the pod; one it narrows itself; its template label.
        ("team", "a"), ("team", "b"), ("stage", "prod"), ("owner", "platform"),
    ];

    private const string Scenario = """
        bootSeconds: 1
        spotDiscount: 0.35
        nodePools:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: { name: general }
          spec:
            weight: 10
            template:
              spec:
                nodeClassRef: { group: provisioning.extender.io, kind: EC2NodeClass, name: default }
                requirements:
                - { key: kubernetes.io/arch, operator: In, values: [amd64] }
                - { key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand] }
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: { name: teams }
          spec:
            template:
              metadata:
                labels: { owner: platform }
              spec:
                nodeClassRef: { group: provisioning.extender.io, kind: EC2NodeClass, name: default }
                requirements:
                - { key: kubernetes.io/arch, operator: In, values: [amd64] }
                - { key: karpenter.sh/capacity-type, operator: In, values: [on-demand] }
                - { key: team, operator: In, values: [a, b] }
                - { key: stage, operator: In, values: [prod] }
        """;

    [Theory]
    [MemberData(nameof(Rows))]
    public void PodSelectingOnKey_IsBoughtForAndBoundToTheNodeBoughtForIt(string key, string value)
    {
        var pod = cluster.Pod(RowList.IndexOf((key, value)));

        var node = EndToEndRun.NodeOf(pod);
        Assert.True(node.Length > 0, $"the pod selecting {key}={value} was not bound");
        Assert.Equal(cluster.Run.ReservedNodeOf(pod), node);
        Assert.Equal(value, cluster.NodeLabels(node).GetValueOrDefault(key));
    }

    [Fact]
    public void PodsNeedingDifferentValuesOfAnOpenKey_DoNotShareANode()
    {
        var a = cluster.Pod(RowList.IndexOf(("team", "a")));
        var b = cluster.Pod(RowList.IndexOf(("team", "b")));
        var pair = cluster.OpenKeyPair;

        Assert.All(pair, pod => Assert.Equal(cluster.Run.ReservedNodeOf(pod), EndToEndRun.NodeOf(pod)));
        Assert.NotEqual(EndToEndRun.NodeOf(pair[0]), EndToEndRun.NodeOf(pair[1]));
        Assert.Equal("a", cluster.NodeLabels(EndToEndRun.NodeOf(pair[0]))["team"]);
        Assert.Equal("b", cluster.NodeLabels(EndToEndRun.NodeOf(pair[1]))["team"]);
        Assert.NotEqual(EndToEndRun.NodeOf(a), EndToEndRun.NodeOf(b));
    }

    [Fact]
    public void LaunchedNodes_CarryNoLabelKarpenterRecognisesItsNodesBy()
    {
        var keys = cluster.Run.Nodes.SelectMany(n => n["metadata"]?["labels"]?.AsObject().Select(l => l.Key) ?? []).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(keys);
        Assert.DoesNotContain("karpenter.sh/nodepool", keys);
        Assert.DoesNotContain("karpenter.sh/registered", keys);
        Assert.DoesNotContain("karpenter.sh/initialized", keys);
    }

    public sealed class Cluster : IAsyncLifetime
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

        internal EndToEndRun Run { get; private set; } = null!;

        /// <summary>Two pods without anti-affinity that need team=a and team=b.</summary>
        public IReadOnlyList<JsonObject> OpenKeyPair => [PodNamed("open-a"), PodNamed("open-b")];

        public async Task InitializeAsync()
        {
            Run = await EndToEndRun.StartAsync(Scenario);
            for (var i = 0; i < RowList.Count; i++)
            {
                await Create(RowName(i), RowApp, RowList[i].Key, RowList[i].Value, antiAffinity: true);
            }

            await Create("open-a", "open", "team", "a", antiAffinity: false);
            await Create("open-b", "open", "team", "b", antiAffinity: false);
            var expected = RowList.Count + 2;
            var deadline = TimeProvider.System.GetUtcNow() + Patience;
            while (!(Run.Pods is var pods && pods.Count == expected && pods.All(StatusSampler.IsBound)) && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(100);
            }
        }

        public Task DisposeAsync() => Run.DisposeAsync().AsTask();

        public JsonObject Pod(int row) => PodNamed(RowName(row));

        public IReadOnlyDictionary<string, string> NodeLabels(string node) =>
            Run.Nodes.Single(n => (string?)n["metadata"]?["name"] == node)["metadata"]?["labels"]?.AsObject()
                .ToDictionary(l => l.Key, l => (string?)l.Value ?? "", StringComparer.Ordinal) ?? [];

        private JsonObject PodNamed(string name) => Run.Pods.Single(p => EndToEndRun.NameOf(p) == name);

        private static string RowName(int row) => $"row-{row}";

        private Task<V1Pod> Create(string name, string app, string key, string value, bool antiAffinity) =>
            Run.Environment.Client.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
                    Spec = new V1PodSpec
                    {
                        SchedulerName = DefaultResources.SchedulerName,
                        NodeSelector = new Dictionary<string, string> { [key] = value },
                        Affinity = antiAffinity
                            ? new V1Affinity
                            {
                                PodAntiAffinity = new V1PodAntiAffinity
                                {
                                    RequiredDuringSchedulingIgnoredDuringExecution =
                                    [
                                        new V1PodAffinityTerm
                                        {
                                            TopologyKey = WellKnownLabels.Hostname,
                                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
                                        },
                                    ],
                                }
                            }
                            : null,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "app",
                                Image = "registry.k8s.io/pause:3.10",
                                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") } },
                            },
                        ],
                    },
                },
                "default");
    }
}
