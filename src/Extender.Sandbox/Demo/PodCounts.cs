namespace Extender.Sandbox.Demo;

public sealed record PodCounts(int Created, int Bound, int BoundToReservedNode, int PendingAtEnd);
