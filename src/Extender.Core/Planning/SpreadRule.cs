namespace Extender.Core.Planning;

/// <summary>A topology spread constraint resolved onto an interned term.</summary>
internal sealed record SpreadRule(TopologyTerm Term, int MaxSkew, bool Hard, bool SelectsSelf);
