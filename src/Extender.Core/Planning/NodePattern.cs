namespace Extender.Core.Planning;

/// <summary><see cref="Copies"/> new nodes of one type (index into the NodePool's types), each with the same pods per group.</summary>
internal sealed record NodePattern(int Type, int[] Content, int Copies);
