using System.ComponentModel.DataAnnotations;

namespace Extender.Provisioning.Lifecycle;

/// <summary>Registration, timeouts and garbage collection (section <c>Provisioner:Lifecycle</c>).</summary>
internal sealed class LifecycleOptions
{
    public const string Section = "Provisioner:Lifecycle";

    /// <summary>How often claims are checked when no node event wakes the loop earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A launched claim whose node has not registered after this long is terminated and its pods re-planned.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "06:00:00")]
    public TimeSpan RegistrationTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A claim written down but not launched (the launch crashed or timed out) is launched again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LaunchRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An owned instance without a claim is terminated once it is this old (a launch may still be recording it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GarbageCollectionGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GarbageCollectionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pending pods are re-reported this often: a pod kube-scheduler keeps failing raises no new watch event.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);
}
