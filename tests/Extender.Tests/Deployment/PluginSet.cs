namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>PluginSet</c>.</summary>
public sealed class PluginSet
{
    public List<SchedulerPlugin> Enabled { get; init; } = [];
    public List<SchedulerPlugin> Disabled { get; init; } = [];
}
