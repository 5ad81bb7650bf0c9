using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>A registered node and the pods bound to it; its free capacity is allocatable minus their requests.</summary>
public sealed record ExistingNode(Node Node, IReadOnlyList<Pod> Pods);
