namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>Plugin</c>.</summary>
public sealed class SchedulerPlugin
{
    public string? Name { get; set; }
    public int? Weight { get; set; }
}
