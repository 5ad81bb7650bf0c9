namespace Extender.Core.Cluster;

/// <summary>Requirements that must all hold; a pod's required node affinity is satisfied when any one term holds.</summary>
public sealed record NodeSelectorTerm(
    IReadOnlyList<NodeSelectorRequirement> MatchExpressions,
    IReadOnlyList<NodeSelectorRequirement> MatchFields);
