namespace Extender.Simulation;

/// <summary>The cluster at one moment of the curve: what runs costs, what the live pods would cost at least, and who waits.</summary>
internal sealed record SimulationSample(double Minutes, decimal CostPerHour, decimal BoundPerHour, int PendingPods, int Nodes, int LivePods);
