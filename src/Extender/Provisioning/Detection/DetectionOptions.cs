using System.ComponentModel.DataAnnotations;

namespace Extender.Provisioning.Detection;

/// <summary>How unschedulable pods are detected and queued (section <c>Provisioner:Detection</c>).</summary>
internal sealed class DetectionOptions
{
    public const string Section = "Provisioner:Detection";

    /// <summary>Pods waiting for the provisioner; beyond it writes are dropped, counted and recovered by a rescan.</summary>
    [Range(1, 1_000_000)]
    public int ChannelCapacity { get; set; } = 10_000;

    /// <summary>
    /// Pending pods are reported when they are created (or when their scheduling gates are lifted), before
    /// kube-scheduler tries them, and kept if no existing node fits them. Off: only kube-scheduler's verdicts count.
    /// </summary>
    public bool AtCreation { get; set; } = true;

    /// <summary>Only pods of these schedulers are provisioned for; empty means every scheduler.</summary>
    public IList<string> SchedulerNames { get; } = [];
}
