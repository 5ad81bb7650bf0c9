using System.Text.Json.Nodes;

namespace Extender.Sandbox.Demo;

/// <summary>
/// A demo scenario (interfaces.md, "Demo scenario file"): custom resources and existing nodes to create first, the
/// simulated cloud's behaviour, and waves of pods.
/// </summary>
public sealed record Scenario
{
    /// <summary>Shown in the report's <c>scenario</c> field; the file name when loaded from a file.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>NodePool manifests (<c>provisioning.extender.io/v1alpha1</c>).</summary>
    public IReadOnlyList<JsonObject> NodePools { get; init; } = [];

    /// <summary>EC2NodeClass manifests.</summary>
    public IReadOnlyList<JsonObject> NodeClasses { get; init; } = [];

    /// <summary>
    /// CapacityBuffer manifests (<c>autoscaling.x-k8s.io</c>), created through the API server before the first wave, as
    /// <c>kubectl apply</c> would create them; each names a Deployment wave through its <c>scalableRef</c>.
    /// </summary>
    public IReadOnlyList<JsonObject> CapacityBuffers { get; init; } = [];

    /// <summary>Existing capacity: Node manifests created before the first wave.</summary>
    public IReadOnlyList<JsonObject> Nodes { get; init; } = [];

    /// <summary>Simulated time from launch to the Node being Ready.</summary>
    public double BootSeconds { get; init; } = 3;

    /// <summary>Simulated spot price as a fraction of on-demand; null leaves spot prices to the catalog.</summary>
    public decimal? SpotDiscount { get; init; }

    public ScenarioFaults Faults { get; init; } = new();

    public IReadOnlyList<Wave> Waves { get; init; } = [];
}
