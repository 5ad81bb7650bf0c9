using Extender.Aws.Catalog;
using Extender.Aws.NodeClasses;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Aws.Tests.Support;

/// <summary>The provider exactly as <c>AddAwsCapacity</c> wires it, pointed at a local endpoint, on a fake clock.</summary>
internal sealed class ProviderHost : IDisposable
{
    private readonly ServiceProvider _services;

    /// <summary>Services from <paramref name="configure"/> are registered before <c>AddAwsCapacity</c>, as the sidecar registers its ports.</summary>
    public ProviderHost(
        Uri endpoint, IDictionary<string, string?>? overrides = null, IReadOnlyDictionary<string, decimal>? onDemandPrices = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aws:Region"] = "us-east-1",
            ["Aws:EndpointOverride"] = endpoint.ToString(),
            ["Aws:AccessKeyId"] = "AKIDEXAMPLE",
            ["Aws:SecretAccessKey"] = "secret",
            ["Aws:MaxErrorRetry"] = "0",
            ["Aws:RequestTimeout"] = "00:00:05",
            ["Aws:ClusterName"] = "test-cluster",
            ["Aws:ClusterEndpoint"] = "https://api.example",
            ["Aws:ClusterCertificateAuthority"] = "Q0E=",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IOnDemandPrices>(new OnDemandPriceTable(onDemandPrices ?? new Dictionary<string, decimal>
        {
            ["m5.large"] = 0.096m,
            ["m6i.large"] = 0.096m,
            ["c5.large"] = 0.085m,
            ["m6g.large"] = 0.077m,
        }));
        configure?.Invoke(services);
        services.AddAwsCapacity(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        NodeClasses.Upsert(DefaultNodeClass);
    }

    public static Ec2NodeClassSpec DefaultNodeClass { get; } = new()
    {
        Name = "default",
        SubnetSelectorTerms = [new SelectorTerm { Tags = new Dictionary<string, string> { ["subnet-role"] = "nodes" } }],
        SecurityGroupSelectorTerms = [new SelectorTerm { Id = "sg-1" }],
        AmiSelectorTerms = [new SelectorTerm { Name = "al2023-*" }],
        InstanceProfile = "NodeRole",
        Tags = new Dictionary<string, string> { ["team"] = "infra" },
    };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryNodeClassSource NodeClasses => _services.GetRequiredService<InMemoryNodeClassSource>();

    public Ec2CapacityProvider Provider => _services.GetRequiredService<Ec2CapacityProvider>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public void Dispose() => _services.Dispose();
}
