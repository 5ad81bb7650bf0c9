namespace Extender.Core.Cluster;

/// <summary>A pod topology spread constraint; <paramref name="WhenUnsatisfiable"/> is DoNotSchedule or ScheduleAnyway.</summary>
public sealed record TopologySpreadConstraint(
    int MaxSkew,
    string TopologyKey,
    string WhenUnsatisfiable,
    LabelSelector? Selector,
    int? MinDomains);
