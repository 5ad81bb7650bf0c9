using System.ComponentModel.DataAnnotations;

namespace Extender.NodeClasses;

/// <summary>How EC2NodeClasses are resolved, and when they and their NodePools get their status written (section <c>NodeClassStatus</c>).</summary>
internal sealed class NodeClassStatusOptions
{
    public const string Section = "NodeClassStatus";

    /// <summary>A class is resolved again this often even when its spec did not change: subnets and images change in EC2.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A resolution that failed for a reason other than the class (throttling, a timeout) is tried again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Bound on one resolution (its EC2 calls together).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Changes are gathered this long before status is computed and written: a burst of launches is one write.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bound on one status write.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
