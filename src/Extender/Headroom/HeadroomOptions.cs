using System.ComponentModel.DataAnnotations;

namespace Extender.Headroom;

/// <summary>Section <c>Headroom</c>: how often CapacityBuffers are checked when nothing wakes the controller sooner.</summary>
internal sealed class HeadroomOptions
{
    public const string Section = "Headroom";

    /// <summary>
    /// The controller also wakes when a buffer, its workload or template changes and when an intended pod takes room
    /// (then the refill is planned at once); this interval bounds how late anything else (a node going NotReady, a
    /// schedule window opening) is noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}
