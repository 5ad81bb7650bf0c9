namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>Plugins</c>: one set per extension point.</summary>
public sealed class SchedulerPlugins
{
    public PluginSet? PreEnqueue { get; set; }
    public PluginSet? QueueSort { get; set; }
    public PluginSet? PreFilter { get; set; }
    public PluginSet? Filter { get; set; }
    public PluginSet? PostFilter { get; set; }
    public PluginSet? PreScore { get; set; }
    public PluginSet? Score { get; set; }
    public PluginSet? Reserve { get; set; }
    public PluginSet? Permit { get; set; }
    public PluginSet? PreBind { get; set; }
    public PluginSet? Bind { get; set; }
    public PluginSet? PostBind { get; set; }
    public PluginSet? MultiPoint { get; set; }
}
