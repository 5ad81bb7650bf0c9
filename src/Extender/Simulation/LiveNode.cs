namespace Extender.Simulation;

/// <summary>An instance the simulation bought: billed from launch until it is terminated.</summary>
internal sealed record LiveNode(string Claim, string NodePool, string InstanceType, decimal PricePerHour, DateTimeOffset LaunchedAt)
{
    public bool Ready { get; set; }

    /// <summary>When a pod was last bound to or removed from it (what <c>consolidateAfter</c> counts from).</summary>
    public DateTimeOffset LastPodChange { get; set; } = LaunchedAt;
}
