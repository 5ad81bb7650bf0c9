namespace Extender.Core.Cluster;

/// <summary>One requirement of a node selector term: In, NotIn, Exists, DoesNotExist, Gt or Lt over a label (or a field).</summary>
public sealed record NodeSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);
