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

    /// <summary>
    /// How long the room of a pod left to kube-scheduler (it fit an existing node at creation, or a plan put it on one)
    /// stays counted as taken if the pod neither binds, goes, nor is planned (<see cref="LeftToScheduler"/>). Long
    /// enough for kube-scheduler to reach a pod behind a burst's queue; a pod it never reaches frees its room after it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeftToSchedulerTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Only pods of these schedulers are provisioned for; empty means every scheduler.</summary>
    public IList<string> SchedulerNames { get; } = [];
}
