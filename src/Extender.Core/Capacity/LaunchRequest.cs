using Extender.Core.Cluster;

namespace Extender.Core.Capacity;

/// <summary>
/// What to buy for one NodeClaim. <paramref name="ClientToken"/> is derived from the claim (name and UID), never random,
/// so that a retried launch is idempotent. <paramref name="Labels"/> and <paramref name="Taints"/> are what the node
/// registers with; <paramref name="Tags"/> are extra cloud tags.
/// </summary>
public sealed record LaunchRequest(
    string NodeClaimName,
    string ClientToken,
    string NodePool,
    string NodeClass,
    IReadOnlyList<LaunchOption> Options,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<Taint> Taints,
    IReadOnlyList<Taint> StartupTaints,
    IReadOnlyDictionary<string, string> Tags);
