using System.ComponentModel.DataAnnotations;

namespace Extender.Disruption.Replacing;

/// <summary>Reserve before evict (section <c>Replacement</c>).</summary>
internal sealed class ReplacementOptions
{
    public const string Section = "Replacement";

    /// <summary>Hold a voluntarily disrupted or interrupted node's eviction until room held for its pods is Ready.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a voluntary disruption waits for its replacements before it evicts anyway (and says so in an event).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long EC2 gives between a spot interruption warning and the reclaim (two minutes; the sandbox scales it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan InterruptionNotice { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Kept between the eviction deadline and a pod's grace running out at the reclaim: the eviction call and the kubelet's reaction take time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times slots whose room was lost (no capacity, claim gone) are planned again before the wait stops counting them.</summary>
    [Range(0, 10)]
    public int MaxReplans { get; set; } = 3;
}
