using Extender.Core.Consolidation;

namespace Extender.Simulation;

/// <summary>A consolidation under way: its candidates are cordoned and its pods' destinations held; it waits for its replacements to be Ready.</summary>
internal sealed record PendingMove(ConsolidationMove Move, IReadOnlyList<string> Replacements);
