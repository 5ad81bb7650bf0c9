using System.Reflection;
using System.Text.RegularExpressions;
using Extender.Commands;
using Extender.Tests.Deployment;

namespace Extender.Tests.Commands;

/// <summary>The version has one source (Directory.Build.props): the image tag the install and the docs name agrees with it.</summary>
public sealed partial class VersionTests
{
    [Theory]
    [InlineData("manifests/deployment.yaml")]
    [InlineData("Dockerfile")]
    [InlineData("README.md")]
    public void ImageTag_EveryMention_IsTheAssemblyVersion(string file)
    {
        var version = typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

        var tags = ImageTag().Matches(File.ReadAllText(RepositoryRoot.Combine(file))).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Equal(version, tag));
    }

    [GeneratedRegex(@"ec2-capacity-extender:(\d[\w.-]*)")]
    private static partial Regex ImageTag();
}
