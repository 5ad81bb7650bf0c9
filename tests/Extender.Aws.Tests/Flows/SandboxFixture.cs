using Extender.Aws.NodeClasses;
using Extender.Aws.Tests.Support;
using Extender.Sandbox.Ec2;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Aws.Tests.Flows;

/// <summary>The provider against a fresh sandbox EC2 endpoint, with a node class that discovers the sandbox's network.</summary>
internal sealed class SandboxFixture : IAsyncDisposable
{
    private readonly List<ProviderHost> _hosts = [];

    private SandboxFixture(SandboxEc2Server ec2) => Ec2 = ec2;

    public SandboxEc2Server Ec2 { get; }

    public ProviderHost Host => _hosts[0];

    public static Ec2NodeClassSpec NodeClass { get; } = new()
    {
        Name = "default",
        SubnetSelectorTerms = [Discovery],
        SecurityGroupSelectorTerms = [Discovery],
        AmiSelectorTerms = [Discovery],
        Role = "NodeRole",
    };

    private static SelectorTerm Discovery => new() { Tags = new Dictionary<string, string> { ["provisioning.extender.io/discovery"] = "sandbox" } };

    public static async Task<SandboxFixture> StartAsync(SandboxEc2Options? options = null, Action<IServiceCollection>? configure = null)
    {
        var fixture = new SandboxFixture(await SandboxEc2Server.StartAsync(options ?? new SandboxEc2Options(), CancellationToken.None));
        fixture.AddHost("test-cluster", configure);
        return fixture;
    }

    public ProviderHost AddHost(string clusterName, Action<IServiceCollection>? configure = null)
    {
        var host = new ProviderHost(Ec2.Url, new Dictionary<string, string?> { ["Aws:ClusterName"] = clusterName },
            SandboxInstanceTypes.Default.ToDictionary(t => t.Name, t => t.OnDemandPricePerHour), configure);
        host.NodeClasses.Upsert(NodeClass);
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        await Ec2.DisposeAsync();
    }
}
