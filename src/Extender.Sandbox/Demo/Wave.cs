using System.Text.Json.Nodes;

namespace Extender.Sandbox.Demo;

/// <summary>
/// Pods created together <see cref="At"/> after the start: <see cref="Count"/> copies of <see cref="Template"/>
/// named <c>&lt;name&gt;-&lt;n&gt;</c>, or the given Pod manifests. A wave without a name in the scenario file is
/// called <c>wave-&lt;position&gt;</c> (counting from 1). A <see cref="Workload"/> of <c>Deployment</c> creates one
/// Deployment of <see cref="Count"/> replicas instead, whose pods the sandbox's controllers create and bring back
/// after an eviction, so disruptions move them rather than end them.
/// </summary>
public sealed record Wave
{
    public string Name { get; init; } = "";
    public TimeSpan At { get; init; }
    public int Count { get; init; } = 1;
    public string Namespace { get; init; } = "default";
    public PodTemplate? Template { get; init; }
    public IReadOnlyList<JsonObject>? Pods { get; init; }

    /// <summary><c>Pod</c> (bare pods, the default) or <c>Deployment</c>.</summary>
    public string Workload { get; init; } = PodWorkload;

    /// <summary>How many of the wave's pods remain in the scale-in phase (0: the wave is deleted); null: untouched.</summary>
    public int? ScaleTo { get; init; }

    /// <summary>The Deployment's replicas in the headroom phase, which scales it up from <see cref="Count"/>; null: untouched.</summary>
    public int? ScaleUpTo { get; init; }

    public const string PodWorkload = "Pod";

    public const string DeploymentWorkload = "Deployment";

    public bool IsDeployment => Workload == DeploymentWorkload;
}
