namespace Extender.Core.Cluster;

/// <summary>
/// A required pod (anti-)affinity term. An empty <paramref name="Namespaces"/> list with a null
/// <paramref name="NamespaceSelector"/> means the pod's own namespace, as upstream.
/// </summary>
public sealed record PodAffinityTerm(
    LabelSelector? Selector,
    string TopologyKey,
    IReadOnlyList<string> Namespaces,
    LabelSelector? NamespaceSelector);
