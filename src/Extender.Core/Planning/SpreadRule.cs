namespace Extender.Core.Planning;

/// <summary>
/// A topology spread constraint resolved onto an interned term. With fewer eligible domains than
/// <paramref name="MinDomains"/> the global minimum counts as 0 (kube-scheduler's PodTopologySpread).
/// </summary>
internal sealed record SpreadRule(TopologyTerm Term, int MaxSkew, bool Hard, bool SelectsSelf, int MinDomains = 1);
