using Extender.Aws.Region;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Tests.Region;

public sealed class RegionDefaultTests
{
    [Fact]
    public void Region_NotConfigured_IsWhatTheSdkChainFinds()
    {
        var options = Resolve(configured: null, chain: "eu-west-1");

        Assert.Equal("eu-west-1", options.Region);
    }

    [Fact]
    public void Region_Configured_WinsOverTheSdkChain()
    {
        var options = Resolve(configured: "ap-southeast-2", chain: "eu-west-1");

        Assert.Equal("ap-southeast-2", options.Region);
    }

    [Fact]
    public void Region_NeitherConfiguredNorFound_FailsNamingTheOption()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(configured: null, chain: null));

        Assert.Contains("Aws:Region is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAwsCapacity_NoChainRegistered_UsesTheSdksOwnChain()
    {
        var services = new ServiceCollection();
        services.AddAwsCapacity(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SdkRegionChain>(provider.GetRequiredService<IRegionChain>());
    }

    private static AwsCapacityOptions Resolve(string? configured, string? chain)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = configured,
            ["Aws:ClusterName"] = "prod",
            ["Aws:ClusterEndpoint"] = "https://api.example",
            ["Aws:ClusterCertificateAuthority"] = "Q0E=",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IRegionChain>(new FixedRegionChain(chain));
        services.AddAwsCapacity(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AwsCapacityOptions>>().Value;
    }

    private sealed class FixedRegionChain(string? region) : IRegionChain
    {
        public string? FindRegion() => region;
    }
}
