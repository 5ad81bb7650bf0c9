namespace Extender.Simulation;

/// <summary>
/// One kind of consolidation over a simulation (<c>delete</c> or <c>replace</c>: one node; <c>multi</c>: several):
/// how many were started, the pods they evicted, what they saved in the worst case ($/h, summed over the moves), and
/// what the evictions bought: pods evicted again by a later move within 30 minutes (<see cref="EvictedAgain"/>,
/// counted against that later move's kind) and pods that left on their own within 30 minutes of this kind's eviction
/// (<see cref="LeftSoon"/>: the move's gain for them lasted no longer).
/// </summary>
internal sealed class MoveStats
{
    public int Moves { get; set; }
    public int Evictions { get; set; }
    public decimal SavingsPerHour { get; set; }
    public int EvictedAgain { get; set; }
    public int LeftSoon { get; set; }
}
