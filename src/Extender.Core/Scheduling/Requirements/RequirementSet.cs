using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Core.Scheduling.Requirements;

/// <summary>
/// Requirements on several label keys that must all hold, one <see cref="Requirement"/> per key (requirements on the
/// same key are intersected). Keys written for Karpenter are mapped onto ours on the way in.
/// </summary>
public sealed class RequirementSet
{
    /// <summary>The pseudo-key a node selector term's <c>matchFields</c> on <c>metadata.name</c> is held under.</summary>
    public const string NodeNameField = "metadata.name";

    private readonly SortedDictionary<string, Requirement> _byKey;

    private RequirementSet(SortedDictionary<string, Requirement> byKey) => _byKey = byKey;

    public static RequirementSet Empty { get; } = new(new SortedDictionary<string, Requirement>(StringComparer.Ordinal));

    public IEnumerable<Requirement> All => _byKey.Values;

    public int Count => _byKey.Count;

    public static RequirementSet Of(IEnumerable<Requirement> requirements)
    {
        var byKey = new SortedDictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var requirement in requirements)
        {
            var key = KarpenterLabels.Normalize(requirement.Key);
            var normalized = key == requirement.Key ? requirement : requirement.WithKey(key);
            byKey[key] = byKey.TryGetValue(key, out var existing) ? existing.Intersect(normalized) : normalized;
        }

        return new RequirementSet(byKey);
    }

    /// <summary>Labels as requirements (each key In its value): a NodePool template's labels, a pod's nodeSelector.</summary>
    public static RequirementSet FromLabels(IReadOnlyDictionary<string, string> labels) =>
        Of(labels.Select(l => Requirement.In(l.Key, l.Value)));

    public static RequirementSet FromSelectors(IEnumerable<NodeSelectorRequirement> expressions) =>
        Of(expressions.Select(e => Requirement.Create(e.Key, e.Operator, e.Values)));

    public static RequirementSet FromTerm(NodeSelectorTerm term) =>
        Of(term.MatchExpressions.Select(e => Requirement.Create(e.Key, e.Operator, e.Values))
            .Concat(term.MatchFields.Select(f => Requirement.Create(NodeNameField, f.Operator, f.Values))));

    public Requirement? Get(string key) => _byKey.GetValueOrDefault(key);

    public RequirementSet Intersect(RequirementSet other)
    {
        if (other.Count == 0)
        {
            return this;
        }

        if (Count == 0)
        {
            return other;
        }

        var byKey = new SortedDictionary<string, Requirement>(_byKey, StringComparer.Ordinal);
        foreach (var (key, requirement) in other._byKey)
        {
            byKey[key] = byKey.TryGetValue(key, out var existing) ? existing.Intersect(requirement) : requirement;
        }

        return new RequirementSet(byKey);
    }

    /// <summary>The first requirement no node can satisfy, or null when the set is satisfiable key by key.</summary>
    public Requirement? FirstUnsatisfiable()
    {
        foreach (var requirement in _byKey.Values)
        {
            if (!requirement.IsSatisfiable)
            {
                return requirement;
            }
        }

        return null;
    }

    /// <summary>The first requirement the concrete <paramref name="labels"/> violate, or null when they satisfy all.</summary>
    public Requirement? FirstViolatedBy(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in _byKey.Values)
        {
            if (!requirement.Matches(labels.GetValueOrDefault(requirement.Key)))
            {
                return requirement;
            }
        }

        return null;
    }

    public override string ToString() => string.Join(", ", _byKey.Values);
}
