using System.ComponentModel.DataAnnotations;

namespace Extender.Interruption;

/// <summary>Configuration section <c>Interruption</c>, the periodic status check beside the queue.</summary>
internal sealed class InstanceStatusOptions
{
    /// <summary>How often the leader asks EC2 for impaired instances (<c>DescribeInstanceStatus</c>); zero turns the check off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StatusCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an instance must stay impaired, check after check, before its NodeClaim is replaced.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ImpairedToleration { get; set; } = TimeSpan.FromMinutes(2);
}
