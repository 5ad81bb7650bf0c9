using System.Text.Json.Nodes;

namespace Extender.Tests.Hosting;

public sealed class GarbageCollectorSettingsTests
{
    /// <summary>
    /// The build's own runtime settings, as <c>dotnet publish</c> ships them beside <c>extender.dll</c>: workstation
    /// GC, concurrent (the README's steady state: 344–363 MB peak against 446 MB under the Web SDK's server GC).
    /// </summary>
    [Fact]
    public void RuntimeConfig_AsBuilt_RunsConcurrentWorkstationGc()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "extender.runtimeconfig.json")))!;
        var properties = config["runtimeOptions"]!["configProperties"]!;

        Assert.False((bool)properties["System.GC.Server"]!);
        Assert.True((bool)properties["System.GC.Concurrent"]!);
    }
}
