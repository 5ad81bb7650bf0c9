namespace Extender.Demo.Phases;

/// <summary>The phases after the scale-up that a run includes (<c>demo --phases</c>), when its scenario asks for them.</summary>
[Flags]
internal enum DemoPhases
{
    None = 0,

    /// <summary>The waves' <c>scaleUpTo</c>: Deployments a CapacityBuffer names and others scaled up at once.</summary>
    Headroom = 4,

    /// <summary>The waves' <c>scaleTo</c>, then emptiness and consolidation.</summary>
    ScaleIn = 1,

    /// <summary>The <c>faults.spotInterruption</c> warnings and reclaims.</summary>
    Interruption = 2,

    All = Headroom | ScaleIn | Interruption,
}
