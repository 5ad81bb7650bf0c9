using Extender.Aws.Images;
using Extender.Aws.NodeClasses;
using Extender.Aws.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Aws.Tests.Flows;

/// <summary>An alias resolved through the sandbox's SSM parameters, launched with its family's user data.</summary>
public sealed class AmiAliasFlowTests
{
    [Theory]
    [InlineData("al2023@latest", "ami-0eks0al2023amd64", "ami-0eks0al2023arm64", "apiVersion: node.eks.aws/v1alpha1")]
    [InlineData("al2023@v20250101", "ami-0eks0al2023amd64", "ami-0eks0al2023arm64", "apiVersion: node.eks.aws/v1alpha1")]
    [InlineData("bottlerocket@latest", "ami-0eks0brocketamd64", "ami-0eks0brocketarm64", "[settings.kubernetes]")]
    [InlineData("bottlerocket@v1.30.0", "ami-0eks0brocketamd64", "ami-0eks0brocketarm64", "[settings.kubernetes]")]
    public async Task LaunchAsync_Alias_BootsItsImageWithItsFamilysUserData(string alias, string amd64, string arm64, string userData)
    {
        await using var sandbox = await SandboxFixture.StartAsync(configure: KubernetesVersion("1.33"));
        var spec = WithAlias(alias);
        sandbox.Host.NodeClasses.Upsert(spec);

        var status = await sandbox.Host.Get<IEc2NodeClassResolver>().ResolveAsync(spec, CancellationToken.None);
        await sandbox.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        Assert.True(status.IsReady, status.NotReadyReason);
        Assert.Equal([("amd64", amd64), ("arm64", arm64)], status.Images.Select(i => (i.Architecture, i.Id)));
        var instance = Assert.Single(sandbox.Ec2.Instances);
        Assert.Equal(amd64, instance.ImageId);
        Assert.Contains(userData, instance.UserData, StringComparison.Ordinal);
        Assert.Equal(2, sandbox.Ec2.CallCounts["GetParameter"]);
    }

    [Fact]
    public async Task ResolveAsync_Al2ForKubernetes133_NotReadyNamingTheAliasAndParameter()
    {
        await using var sandbox = await SandboxFixture.StartAsync(configure: KubernetesVersion("1.33"));

        var status = await sandbox.Host.Get<IEc2NodeClassResolver>().ResolveAsync(WithAlias("al2@latest"), CancellationToken.None);

        Assert.False(status.IsReady);
        var condition = status.Conditions.Single(c => c.Type == "AMIsReady");
        Assert.Equal("ResolutionFailed", condition.Reason);
        Assert.Equal("alias \"al2@latest\" has no image for Kubernetes 1.33 (no SSM parameter /aws/service/eks/optimized-ami/1.33/amazon-linux-2/recommended/image_id or its arm64 sibling)", condition.Message);
    }

    [Fact]
    public async Task ResolveAsync_NoKubernetesVersionSource_NotReadySayingWhy()
    {
        await using var sandbox = await SandboxFixture.StartAsync();

        var status = await sandbox.Host.Get<IEc2NodeClassResolver>().ResolveAsync(WithAlias("al2023@latest"), CancellationToken.None);

        Assert.Contains("Kubernetes version is unknown", status.Conditions.Single(c => c.Type == "AMIsReady").Message, StringComparison.Ordinal);
        Assert.False(sandbox.Ec2.CallCounts.ContainsKey("GetParameter"));
    }

    [Theory]
    [InlineData("al2023@latest", 29, 2)]
    [InlineData("al2023@latest", 31, 4)]
    [InlineData("al2023@v20250101", 31, 2)]
    [InlineData("al2023@v20250101", 24 * 60 + 1, 4)]
    public async Task ResolveAsync_AfterMinutes_SsmAskedAgainOnlyWhenItsCacheExpired(string alias, int minutes, long calls)
    {
        await using var sandbox = await SandboxFixture.StartAsync(configure: KubernetesVersion("1.33"));
        var resolver = sandbox.Host.Get<IEc2NodeClassResolver>();
        var spec = WithAlias(alias);

        await resolver.ResolveAsync(spec, CancellationToken.None);
        sandbox.Host.Time.Advance(TimeSpan.FromMinutes(minutes));
        var again = await resolver.ResolveAsync(spec, CancellationToken.None);

        Assert.True(again.IsReady, again.NotReadyReason);
        Assert.Equal(calls, sandbox.Ec2.CallCounts["GetParameter"]);
    }

    private static Ec2NodeClassSpec WithAlias(string alias) => SandboxFixture.NodeClass with { AmiSelectorTerms = [new SelectorTerm { Alias = alias }] };

    private static Action<IServiceCollection> KubernetesVersion(string version) =>
        services => services.AddSingleton<IKubernetesVersion>(new FixedKubernetesVersion(version));

    private sealed class FixedKubernetesVersion(string version) : IKubernetesVersion
    {
        public Task<string> GetAsync(CancellationToken cancellationToken) => Task.FromResult(version);
    }
}
