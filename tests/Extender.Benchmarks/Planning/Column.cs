namespace Extender.Benchmarks.Planning;

/// <summary>One node of the configuration LP: its instance type and how many pods of each size it holds.</summary>
internal sealed record Column(NodeShape Shape, int[] Content);
