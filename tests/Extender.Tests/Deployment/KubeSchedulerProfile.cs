namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>KubeSchedulerProfile</c>.</summary>
public sealed class KubeSchedulerProfile
{
    public string? SchedulerName { get; set; }
    public int? PercentageOfNodesToScore { get; set; }
    public SchedulerPlugins? Plugins { get; set; }
    public List<PluginConfig> PluginConfig { get; init; } = [];
}
