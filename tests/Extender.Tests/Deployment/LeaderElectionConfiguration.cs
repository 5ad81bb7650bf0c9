namespace Extender.Tests.Deployment;

/// <summary>Mirror of component-base <c>LeaderElectionConfiguration</c> (config/v1alpha1).</summary>
public sealed class LeaderElectionConfiguration
{
    public bool? LeaderElect { get; set; }
    public string? LeaseDuration { get; set; }
    public string? RenewDeadline { get; set; }
    public string? RetryPeriod { get; set; }
    public string? ResourceLock { get; set; }
    public string? ResourceName { get; set; }
    public string? ResourceNamespace { get; set; }
}
