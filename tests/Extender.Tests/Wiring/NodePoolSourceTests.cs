using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.NodeClasses;
using Extender.Tests.NodeClasses;
using Extender.Wiring;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Wiring;

public sealed class NodePoolSourceTests
{
    private readonly Pools _cache = new();

    [Fact]
    public void NodePools_OnlyStatusWritten_SameNodePoolObjectsSoThePlannerKeepsWhatItDerived()
    {
        _cache.Set(Pool("default", generation: 1, resourceVersion: "1"));
        var source = Source();
        var before = Assert.Single(source.NodePools);

        _cache.Set(Pool("default", generation: 1, resourceVersion: "2", nodes: "3"));
        Assert.Same(before, Assert.Single(source.NodePools));

        _cache.Set(Pool("default", generation: 2, resourceVersion: "3", weight: 60));
        Assert.Equal(60, Assert.Single(source.NodePools).Weight);
    }

    private NodePoolSource Source()
    {
        var readiness = new NodeClassReadiness(
            new EmptyClasses(), new NodeClassReadinessTests.Resolver(), new NodeClassReadinessTests.Lifetime(),
            Microsoft.Extensions.Options.Options.Create(new NodeClassStatusOptions()), new FakeTimeProvider(), NullLogger<NodeClassReadiness>.Instance);
        return new NodePoolSource(_cache, new EmptyClasses(), readiness, NullLogger<NodePoolSource>.Instance);
    }

    private static NodePoolResource Pool(string name, long generation, string resourceVersion, int weight = 50, string? nodes = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = "uid-" + name, Generation = generation, ResourceVersion = resourceVersion },
        Spec = new NodePoolSpec { Weight = weight },
        Status = nodes is null ? null : new NodePoolStatus { Resources = new Dictionary<string, ResourceQuantity> { ["nodes"] = new(nodes) } },
    };

    private sealed class Pools : IObjectCache<NodePoolResource>
    {
        public event Action? Changed;

        public IReadOnlyList<NodePoolResource> Items { get; private set; } = [];

        public NodePoolResource? Get(string name, string? @namespace = null) => Items.FirstOrDefault(p => p.Metadata.Name == name);

        public void Set(params NodePoolResource[] items)
        {
            Items = items;
            Changed?.Invoke();
        }
    }

    private sealed class EmptyClasses : IObjectCache<EC2NodeClass>
    {
        public event Action? Changed
        {
            add { }
            remove { }
        }

        public IReadOnlyList<EC2NodeClass> Items => [];

        public EC2NodeClass? Get(string name, string? @namespace = null) => null;
    }
}
