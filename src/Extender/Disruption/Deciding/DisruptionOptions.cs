using System.ComponentModel.DataAnnotations;

namespace Extender.Disruption.Deciding;

/// <summary>The disruption loop (section <c>Disruption</c>).</summary>
internal sealed class DisruptionOptions
{
    public const string Section = "Disruption";

    /// <summary>How often the leader looks for empty, expired and drifted nodes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
}
