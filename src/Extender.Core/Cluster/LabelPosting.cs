namespace Extender.Core.Cluster;

/// <summary>One label (key = value) within one namespace: the key of a posting set of bound pods.</summary>
internal readonly record struct LabelPosting(string Namespace, string Key, string Value);
