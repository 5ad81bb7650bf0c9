using System.ComponentModel.DataAnnotations;

namespace Extender.Kubernetes.Leadership;

/// <summary>Section <c>Kubernetes:LeaderElection</c>. Timings as client-go's defaults.</summary>
public sealed class LeaderElectionOptions
{
    public const string Section = "Kubernetes:LeaderElection";

    /// <summary>When false this replica always leads (a single replica, or tests).</summary>
    public bool Enabled { get; set; } = true;

    [Required]
    public string LeaseName { get; set; } = "ec2-capacity-provisioner";

    /// <summary>
    /// Empty means this pod's own namespace (<see cref="PodNamespace"/>), where the install's lease Role is; filled in
    /// after binding, so the validation below sees the namespace actually used.
    /// </summary>
    [Required]
    public string LeaseNamespace { get; set; } = "";

    [Required]
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How long others wait, after the last renewal they saw, before taking the lease over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The leader steps down when it could not renew for this long (must be shorter than <see cref="LeaseDuration"/>).
    /// It also bounds every attempt: a leader's renewal is cut when its deadline passes, and each lease request times
    /// out after it (instead of <c>Kubernetes:RequestTimeout</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between attempts to acquire or renew.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Give the lease up on shutdown so a standby takes over at once instead of after <see cref="LeaseDuration"/>.</summary>
    public bool ReleaseOnShutdown { get; set; } = true;
}
