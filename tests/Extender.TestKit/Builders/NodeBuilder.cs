using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.TestKit.Builders;

/// <summary>
/// Fluent builder for Core nodes: <c>new NodeBuilder("n1").Cpu("8").Memory("32Gi").Taint("gpu", "true", "NoSchedule").Build()</c>.
/// Defaults: allocatable cpu 4, memory 16Gi, pods 110; label <c>kubernetes.io/hostname</c> = name; Ready, schedulable.
/// </summary>
public sealed class NodeBuilder(string name)
{
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal) { [WellKnownLabels.Hostname] = name };
    private readonly Dictionary<string, long> _allocatable = new(StringComparer.Ordinal)
    {
        [ResourceNames.Cpu] = 4_000,
        [ResourceNames.Memory] = 16L * 1024 * 1024 * 1024 * 1000,
        [ResourceNames.Pods] = 110_000,
    };

    private readonly List<Taint> _taints = [];
    private bool _unschedulable;
    private bool _ready = true;
    private string? _providerId;
    private DateTimeOffset _createdAt = PodBuilder.DefaultCreatedAt;

    public NodeBuilder Cpu(string quantity) => Allocatable(ResourceNames.Cpu, quantity);

    public NodeBuilder Memory(string quantity) => Allocatable(ResourceNames.Memory, quantity);

    public NodeBuilder Pods(int count) => Allocatable(ResourceNames.Pods, count.ToString(CultureInfo.InvariantCulture));

    public NodeBuilder Gpu(int count) => Allocatable(ResourceNames.NvidiaGpu, count.ToString(CultureInfo.InvariantCulture));

    public NodeBuilder Allocatable(string resource, string quantity)
    {
        _allocatable[resource] = Quantity.ParseMilli(quantity);
        return this;
    }

    public NodeBuilder Label(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public NodeBuilder WithoutLabel(string key)
    {
        _labels.Remove(key);
        return this;
    }

    public NodeBuilder Zone(string zone) => Label(WellKnownLabels.Zone, zone);

    public NodeBuilder InstanceType(string instanceType) => Label(WellKnownLabels.InstanceType, instanceType);

    public NodeBuilder Taint(string key, string value, string effect)
    {
        _taints.Add(new Taint(key, value, effect));
        return this;
    }

    /// <summary>Sets <c>spec.unschedulable</c> (kubectl cordon).</summary>
    public NodeBuilder Cordoned()
    {
        _unschedulable = true;
        return this;
    }

    public NodeBuilder NotReady()
    {
        _ready = false;
        return this;
    }

    public NodeBuilder ProviderId(string providerId)
    {
        _providerId = providerId;
        return this;
    }

    public NodeBuilder CreatedAt(DateTimeOffset createdAt)
    {
        _createdAt = createdAt;
        return this;
    }

    public Node Build() => new()
    {
        Name = name,
        Labels = new Dictionary<string, string>(_labels),
        Taints = [.. _taints],
        Allocatable = ResourceList.From(_allocatable),
        Unschedulable = _unschedulable,
        Ready = _ready,
        ProviderId = _providerId,
        CreatedAt = _createdAt,
    };
}
