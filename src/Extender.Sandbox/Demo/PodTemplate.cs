using System.Text.Json.Nodes;

namespace Extender.Sandbox.Demo;

/// <summary>The short pod description of a wave; every pod gets the label <c>app=&lt;wave name&gt;</c>.</summary>
public sealed record PodTemplate
{
    public string Cpu { get; init; } = "100m";
    public string Memory { get; init; } = "128Mi";

    /// <summary><c>nvidia.com/gpu</c> requested (and limited) per pod.</summary>
    public int Gpu { get; init; }

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>Toleration manifests (<c>key</c>, <c>operator</c>, <c>value</c>, <c>effect</c>).</summary>
    public IReadOnlyList<JsonObject> Tolerations { get; init; } = [];

    /// <summary>Spread the wave's pods over this topology key (e.g. <c>topology.kubernetes.io/zone</c>).</summary>
    public TopologySpread? TopologySpread { get; init; }

    /// <summary>At most one of the wave's pods per domain of this topology key (e.g. <c>kubernetes.io/hostname</c>).</summary>
    public string? AntiAffinity { get; init; }

    public string SchedulerName { get; init; } = "default-scheduler";

    public int Priority { get; init; }

    /// <summary>The pods' <c>terminationGracePeriodSeconds</c>; null leaves Kubernetes' default (30 s).</summary>
    public long? TerminationGracePeriodSeconds { get; init; }
}
