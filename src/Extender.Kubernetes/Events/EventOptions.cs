using System.ComponentModel.DataAnnotations;

namespace Extender.Kubernetes.Events;

/// <summary>Section <c>Kubernetes:Events</c>.</summary>
public sealed class EventOptions
{
    public const string Section = "Kubernetes:Events";

    /// <summary>How often recorded events are sent.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Event API calls allowed per flush; the rest wait for later flushes.</summary>
    [Range(1, 1000)]
    public int MaxCallsPerFlush { get; set; } = 20;

    /// <summary>Distinct events waiting to be sent; beyond it new ones are dropped (repeats are still counted).</summary>
    [Range(1, 1_000_000)]
    public int MaxPending { get; set; } = 10_000;

    /// <summary>The <c>reportingController</c> of every Event.</summary>
    [Required]
    public string ReportingController { get; set; } = "provisioning.extender.io/extender";

    /// <summary>The <c>reportingInstance</c>; defaults to the host name.</summary>
    public string ReportingInstance { get; set; } = Environment.MachineName;
}
