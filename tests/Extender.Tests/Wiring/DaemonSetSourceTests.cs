using Extender.Core.Resources;
using Extender.Kubernetes.State;
using Extender.Wiring;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Tests.Wiring;

public sealed class DaemonSetSourceTests
{
    private readonly Cache _cache = new();

    private static V1DaemonSet DaemonSet(string name, string cpu, long generation = 1, string? arch = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Uid = "uid-" + name, Generation = generation },
        Spec = new V1DaemonSetSpec
        {
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = "main", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } } }],
                    Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
                    Affinity = arch is null ? null : new V1Affinity
                    {
                        NodeAffinity = new V1NodeAffinity
                        {
                            RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                            {
                                NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/arch", OperatorProperty = "In", Values = [arch] }] }],
                            },
                        },
                    },
                },
            },
        },
    };

    [Fact]
    public void DaemonSetPods_FromTemplates_OnePodEachWithRequestsTolerationsAndNodeAffinity()
    {
        _cache.Set(DaemonSet("logs", "200m"), DaemonSet("proxy", "100m", arch: "arm64"));

        var pods = new DaemonSetSource(_cache, NullLogger<DaemonSetSource>.Instance).DaemonSetPods;

        Assert.Equal(["logs", "proxy"], pods.Select(p => p.Name));
        Assert.Equal(200, pods[0].Requests[ResourceNames.Cpu]);
        Assert.Equal("DaemonSet", pods[0].OwnerKind);
        Assert.Null(pods[0].NodeName);
        Assert.Equal("Exists", Assert.Single(pods[0].Tolerations).Operator);
        Assert.Equal(["arm64"], Assert.Single(Assert.Single(pods[1].RequiredNodeAffinity).MatchExpressions).Values);
    }

    [Fact]
    public void DaemonSetPods_StatusChangedOnly_SamePodInstances()
    {
        _cache.Set(DaemonSet("logs", "200m"));
        var source = new DaemonSetSource(_cache, NullLogger<DaemonSetSource>.Instance);
        var before = Assert.Single(source.DaemonSetPods);

        var changed = DaemonSet("logs", "200m");
        changed.Status = new V1DaemonSetStatus { NumberReady = 3, DesiredNumberScheduled = 3 };
        _cache.Set(changed);

        Assert.Same(before, Assert.Single(source.DaemonSetPods));
    }

    [Fact]
    public void DaemonSetPods_SpecChangedOrDeleted_Follows()
    {
        _cache.Set(DaemonSet("logs", "200m"), DaemonSet("proxy", "100m"));
        var source = new DaemonSetSource(_cache, NullLogger<DaemonSetSource>.Instance);

        _cache.Set(DaemonSet("logs", "500m", generation: 2));

        Assert.Equal(500, Assert.Single(source.DaemonSetPods).Requests[ResourceNames.Cpu]);
    }

    [Fact]
    public void DaemonSetPods_TemplateDoesNotMap_LeftOutOthersKept()
    {
        _cache.Set(DaemonSet("broken", "100E"), DaemonSet("logs", "200m"));

        var pods = new DaemonSetSource(_cache, NullLogger<DaemonSetSource>.Instance).DaemonSetPods;

        Assert.Equal("logs", Assert.Single(pods).Name);
    }

    private sealed class Cache : IObjectCache<V1DaemonSet>
    {
        public event Action? Changed;

        public IReadOnlyList<V1DaemonSet> Items { get; private set; } = [];

        public V1DaemonSet? Get(string name, string? @namespace = null) => Items.FirstOrDefault(d => d.Metadata.Name == name);

        public void Set(params V1DaemonSet[] items)
        {
            Items = items;
            Changed?.Invoke();
        }
    }
}
