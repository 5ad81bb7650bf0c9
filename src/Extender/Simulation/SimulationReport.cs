using Extender.Sandbox.Demo;

namespace Extender.Simulation;

/// <summary>What a simulation measured (README, "simulate"); <see cref="RunSeconds"/> is the only field that is not deterministic.</summary>
internal sealed record SimulationReport
{
    public required double SimulatedHours { get; init; }
    public required int PodsCreated { get; init; }
    public required int NodesLaunched { get; init; }
    public required double NodeHours { get; init; }

    /// <summary>Integrated cost of every instance from launch to termination, in dollars.</summary>
    public required decimal Cost { get; init; }

    /// <summary>The integrated <see cref="Core.Simulation.CostBound"/> of the live pods, in dollars.</summary>
    public required decimal Bound { get; init; }

    public double CostOverBound => Bound == 0 ? 0 : Math.Round((double)(Cost / Bound), 4);

    /// <summary>From queued (created, or evicted) to bound, in seconds.</summary>
    public required Percentiles PendingSeconds { get; init; }

    public required int Evictions { get; init; }
    public required double PodDays { get; init; }
    public double EvictionsPerPodDay => PodDays == 0 ? 0 : Math.Round(Evictions / PodDays, 4);

    /// <summary>Nodes removed, by reason (Empty, Expired, Underutilized, ...).</summary>
    public required IReadOnlyDictionary<string, int> Disruptions { get; init; }

    /// <summary>Consolidations by kind (delete, replace: one node; multi: several).</summary>
    public required IReadOnlyDictionary<string, MoveStats> Moves { get; init; }

    public required IReadOnlyList<SimulationSample> Samples { get; init; }

    public double RunSeconds { get; init; }
}
