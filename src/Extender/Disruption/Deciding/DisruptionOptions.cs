using System.ComponentModel.DataAnnotations;

namespace Extender.Disruption.Deciding;

/// <summary>The disruption loop (section <c>Disruption</c>).</summary>
internal sealed class DisruptionOptions
{
    public const string Section = "Disruption";

    /// <summary>How often the leader looks for empty, expired and drifted nodes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often while nodes are being disrupted: a budget they hold frees up as soon as they are gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan BusyInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How old the instances' image, subnet and security groups may be when drift is judged (one DescribeInstances per refresh).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InstanceRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the instance read may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
