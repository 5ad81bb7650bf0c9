using System.Reflection;
using System.Text.RegularExpressions;
using Extender.Commands;

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
        var root = Root();

        var tags = ImageTag().Matches(File.ReadAllText(Path.Combine(root, file))).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Equal(version, tag));
    }

    [GeneratedRegex(@"ec2-capacity-extender:(\d[\w.-]*)")]
    private static partial Regex ImageTag();

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Extender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Extender.sln not found above the test binaries");
    }
}
