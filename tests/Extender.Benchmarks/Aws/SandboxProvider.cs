using Amazon.EC2;
using Extender.Aws;
using Extender.Aws.NodeClasses;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Sandbox.Ec2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Extender.Benchmarks.Aws;

/// <summary>The EC2 provider as the executable wires it, against a sandbox endpoint.</summary>
internal sealed class SandboxProvider : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private int _claims;

    private SandboxProvider(SandboxEc2Server ec2, ServiceProvider services)
    {
        Ec2 = ec2;
        _services = services;
    }

    public SandboxEc2Server Ec2 { get; }

    public ICapacityProvider Provider => _services.GetRequiredService<ICapacityProvider>();

    public static async Task<SandboxProvider> StartAsync(SandboxEc2Options options, IAmazonEC2? sharedClient = null)
    {
        var ec2 = await SandboxEc2Server.StartAsync(options, CancellationToken.None);
        return new SandboxProvider(ec2, Build(ec2.Url, sharedClient));
    }

    public static ServiceProvider Build(Uri endpoint, IAmazonEC2? sharedClient = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:EndpointOverride"] = endpoint.ToString(),
            ["Aws:AccessKeyId"] = "sandbox",
            ["Aws:SecretAccessKey"] = "sandbox",
            ["Aws:MaxErrorRetry"] = "0",
            ["Aws:Region"] = "us-east-1",
            ["Aws:ClusterName"] = "bench",
            ["Aws:ClusterEndpoint"] = "https://bench.example",
            ["Aws:ClusterCertificateAuthority"] = "YmVuY2g=",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (sharedClient is not null)
        {
            services.AddSingleton(sharedClient);
        }

        var provider = services.AddAwsCapacity(configuration).BuildServiceProvider();
        SelectorTerm discovery = new() { Tags = new Dictionary<string, string> { ["provisioning.extender.io/discovery"] = "sandbox" } };
        provider.GetRequiredService<InMemoryNodeClassSource>().Upsert(new Ec2NodeClassSpec
        {
            Name = "default",
            SubnetSelectorTerms = [discovery],
            SecurityGroupSelectorTerms = [discovery],
            AmiSelectorTerms = [discovery],
            Role = "NodeRole",
        });
        return provider;
    }

    /// <summary>Runs the start-up hosted services' warm-up only (not the refresh loops).</summary>
    public async Task WarmUpAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>().Where(s => s.GetType().Name == "Ec2WarmupService"))
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    public Task<LaunchedInstance> LaunchAsync()
    {
        var claim = $"claim-{Interlocked.Increment(ref _claims)}";
        return Provider.LaunchAsync(new LaunchRequest(claim, claim + "-uid", "default", "default",
            [new LaunchOption("m7i.large", "us-east-1a", CapacityTypes.OnDemand, 0.1008m), new LaunchOption("m6i.large", "us-east-1b", CapacityTypes.OnDemand, 0.096m)],
            new Dictionary<string, string>(), Array.Empty<Taint>(), Array.Empty<Taint>(), new Dictionary<string, string>()), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Ec2.DisposeAsync();
    }
}
