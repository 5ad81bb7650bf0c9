using System.Collections.Concurrent;

namespace Extender.Aws.NodeClasses;

/// <summary>The default <see cref="INodeClassSource"/>: a watch handler upserts and removes specs as they change.</summary>
public sealed class InMemoryNodeClassSource : INodeClassSource
{
    private readonly ConcurrentDictionary<string, Ec2NodeClassSpec> _specs = new(StringComparer.Ordinal);

    public Ec2NodeClassSpec? Find(string name) => _specs.GetValueOrDefault(name);

    public void Upsert(Ec2NodeClassSpec spec) => _specs[spec.Name] = spec;

    public bool Remove(string name) => _specs.TryRemove(name, out _);
}
