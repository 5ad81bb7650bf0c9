namespace Extender.Core.Cluster;

/// <summary>A Kubernetes label selector; <c>MatchExpressions</c> use In, NotIn, Exists, DoesNotExist.</summary>
public sealed record LabelSelector(
    IReadOnlyDictionary<string, string> MatchLabels,
    IReadOnlyList<NodeSelectorRequirement> MatchExpressions);
