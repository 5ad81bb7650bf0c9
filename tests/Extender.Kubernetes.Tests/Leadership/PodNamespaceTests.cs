using Extender.Kubernetes.Hosting;
using Extender.Kubernetes.Leadership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Tests.Leadership;

public sealed class PodNamespaceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"namespace-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("ec2-capacity-system", "from-file\n", "ec2-capacity-system")]
    [InlineData(null, "from-file\n", "from-file")]
    [InlineData("", "  from-file  \n", "from-file")]
    [InlineData(null, "\n", "default")]
    [InlineData(null, null, "default")]
    public void Resolve_VariableThenFileThenDefault_AsClientGo(string? variable, string? fileContent, string expected)
    {
        if (fileContent is not null)
        {
            File.WriteAllText(_file, fileContent);
        }

        var resolved = new PodNamespace(name => name == PodNamespace.EnvironmentVariable ? variable : null, _file).Resolve();

        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void LeaseNamespace_NotConfigured_IsThePodsNamespace()
    {
        File.WriteAllText(_file, "ec2-capacity-system");

        var options = Options(new Dictionary<string, string?>());

        Assert.Equal("ec2-capacity-system", options.LeaseNamespace);
    }

    [Fact]
    public void LeaseNamespace_Configured_WinsOverThePodsNamespace()
    {
        File.WriteAllText(_file, "ec2-capacity-system");

        var options = Options(new Dictionary<string, string?> { ["Kubernetes:LeaderElection:LeaseNamespace"] = "elsewhere" });

        Assert.Equal("elsewhere", options.LeaseNamespace);
    }

    public void Dispose() => File.Delete(_file);

    private LeaderElectionOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new PodNamespace(_ => null, _file));
        services.AddKubernetesState(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LeaderElectionOptions>>().Value;
    }
}
