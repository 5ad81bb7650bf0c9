using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>Pods the plan puts onto capacity that already exists (a node) or is already in flight (a claim).</summary>
public sealed record Placement(string Name, IReadOnlyList<Pod> Pods);
