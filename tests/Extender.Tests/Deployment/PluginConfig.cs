namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>PluginConfig</c>; <c>args</c> is a RawExtension whose shape depends on the plugin.</summary>
public sealed class PluginConfig
{
    public string? Name { get; set; }
    public Dictionary<string, object>? Args { get; set; }
}
