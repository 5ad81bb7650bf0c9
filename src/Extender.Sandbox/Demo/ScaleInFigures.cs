namespace Extender.Sandbox.Demo;

/// <summary>
/// The scale-in phase (an extension of the report): the waves' <c>scaleTo</c> applied, then emptiness and
/// consolidation left to act until the fleet was quiet, or <see cref="Settled"/> is false.
/// </summary>
/// <param name="PodsDeleted">Pods the scale-in asked to go (Deployments scaled down, bare pods deleted).</param>
/// <param name="NodesBefore">Running instances when the scale-in started.</param>
/// <param name="NodesAfter">Running instances at its end.</param>
/// <param name="NodesRemoved">Instances running at the start and terminated by the end (the sandbox EC2's own record).</param>
/// <param name="NodesLaunched">Instances launched during the phase (consolidation's cheaper replacements).</param>
/// <param name="CostPerHourBefore">What the running instances cost at the start.</param>
/// <param name="CostPerHourAfter">What they cost at the end.</param>
/// <param name="PlanCostPerHour">What <c>plan</c> buys for the pods left, from scratch.</param>
/// <param name="BoundPerHour">The lower bound on any fleet for the pods left (<c>simulate</c>'s bound).</param>
/// <param name="Evictions">Eviction API calls during the phase.</param>
/// <param name="Seconds">From the scale-in to the quiet fleet (or the phase's limit).</param>
/// <param name="Settled">Whether the fleet went quiet before the phase's limit.</param>
public sealed record ScaleInFigures(
    int PodsDeleted,
    int NodesBefore,
    int NodesAfter,
    int NodesRemoved,
    int NodesLaunched,
    decimal CostPerHourBefore,
    decimal CostPerHourAfter,
    decimal? PlanCostPerHour,
    decimal BoundPerHour,
    int Evictions,
    double Seconds,
    bool Settled);
