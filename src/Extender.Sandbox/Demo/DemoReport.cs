using System.Text.Json;
using System.Text.Json.Serialization;

namespace Extender.Sandbox.Demo;

/// <summary>The <c>demo --report</c> JSON object, exactly as interfaces.md specifies it.</summary>
public sealed record DemoReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string Scenario { get; init; }
    public required double DurationSeconds { get; init; }
    public required PodCounts Pods { get; init; }
    public required Percentiles DetectionToLaunchMilliseconds { get; init; }
    public required Percentiles PendingToBoundMilliseconds { get; init; }
    public required NodeCounts Nodes { get; init; }
    public required decimal CostPerHour { get; init; }
    public required IReadOnlyDictionary<string, long> CloudCalls { get; init; }

    /// <summary>Always carries <c>filter</c>, <c>prioritize</c>, <c>bind</c> and <c>preempt</c>, zero when not called.</summary>
    public required IReadOnlyDictionary<string, long> ExtenderCalls { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>What <c>plan</c> computes for the same pods, NodePools and catalog (an extension after the contract's fields).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PlanCostPerHour { get; init; }

    /// <summary>The sidecar's extender <c>filter</c> p99 from its <c>/metrics</c> histogram, as a bucket's upper bound (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FilterP99Milliseconds { get; init; }

    /// <summary>
    /// From the first pod until the last created pod that had capacity requested or reserved for it had it (an
    /// extension; every pod when <see cref="UncoveredPods"/> is 0).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CoveredMilliseconds { get; init; }

    /// <summary>The last launch or reservation after the last pod was created (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LastLaunchAfterLastPodMilliseconds { get; init; }

    /// <summary>Created pods for which no launch or reservation was recorded: they fit existing capacity, or never got any (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? UncoveredPods { get; init; }

    /// <summary>The sidecar's own CPU time and memory, when it ran in its own process (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SidecarUsage? Sidecar { get; init; }

    /// <summary>The headroom phase, when it ran (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HeadroomFigures? Headroom { get; init; }

    /// <summary>The scale-in phase, when it ran (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScaleInFigures? ScaleIn { get; init; }

    /// <summary>The interruption phase, when it ran (an extension).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InterruptionFigures? Interruption { get; init; }

    /// <summary>Every verb the report names, with the counts that were recorded.</summary>
    public static IReadOnlyDictionary<string, long> AllVerbs(IReadOnlyDictionary<string, long> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var all = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["filter"] = 0, ["prioritize"] = 0, ["bind"] = 0, ["preempt"] = 0 };
        foreach (var (verb, count) in calls)
        {
            all[verb] = count;
        }

        return all;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    [JsonIgnore]
    public bool Succeeded => Errors.Count == 0 && Pods.PendingAtEnd == 0;
}
