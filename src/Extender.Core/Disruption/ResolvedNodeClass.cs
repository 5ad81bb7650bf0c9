using Extender.Core.Cluster;

namespace Extender.Core.Disruption;

/// <summary>What a node class's selectors resolve to today (its status): the nodes it would launch use these.</summary>
/// <param name="SubnetIds">The subnets a node may be placed in.</param>
/// <param name="SecurityGroupIds">The security groups every node gets, all of them.</param>
/// <param name="Images">The images, each with the node labels it serves (its architecture).</param>
public sealed record ResolvedNodeClass(IReadOnlyList<string> SubnetIds, IReadOnlyList<string> SecurityGroupIds, IReadOnlyList<ResolvedNodeImage> Images);

/// <summary>One image of a node class, and the requirements (on node labels such as <c>kubernetes.io/arch</c>) of the nodes it serves.</summary>
public sealed record ResolvedNodeImage(string Id, IReadOnlyList<NodeSelectorRequirement> Requirements);
