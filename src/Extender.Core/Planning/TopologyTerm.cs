using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>
/// A selector over pods in some namespaces counted per topology domain: the shared shape of required pod
/// (anti-)affinity terms and topology spread constraints. Equal terms are interned once so counts are shared.
/// </summary>
internal sealed class TopologyTerm(int id, int key, LabelSelector? selector, IReadOnlySet<string>? namespaces, string text, IReadOnlyList<RequirementSet>? nodeFilter = null)
{
    /// <summary>
    /// For topology spread: the owner's node requirements (any alternative). Pods count only on nodes that meet them
    /// (nodeAffinityPolicy: Honor, the default); null counts every node.
    /// </summary>
    public IReadOnlyList<RequirementSet>? NodeFilter { get; } = nodeFilter;

    public int Id { get; } = id;

    /// <summary>
    /// The topology key, as an index into <see cref="TermRegistry.Keys"/> (0 is the zone); -1: per node (hostname).
    /// </summary>
    public int Key { get; } = key;

    public bool Hostname => Key < 0;

    public string Text { get; } = text;

    public bool Selects(Pod pod) =>
        (namespaces is null || namespaces.Contains(pod.Namespace)) && LabelSelectors.Matches(selector, pod.Labels);
}
