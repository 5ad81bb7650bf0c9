using YamlDotNet.Core;

namespace Extender.Tests.Deployment;

public sealed class SchedulerConfigurationTests
{
    private const string SecondScheduler = "ec2-capacity-scheduler.yaml";
    private const string DefaultScheduler = "default-scheduler-extender.yaml";

    private const string ValidExtender = """
        apiVersion: kubescheduler.config.k8s.io/v1
        kind: KubeSchedulerConfiguration
        extenders:
          - urlPrefix: http://127.0.0.1:8888/scheduler
            filterVerb: filter
            prioritizeVerb: prioritize
            weight: 1
        """;

    public static TheoryData<string> ConfigurationFiles() => [SecondScheduler, DefaultScheduler];

    [Theory]
    [MemberData(nameof(ConfigurationFiles))]
    public void Decode_RepositoryFile_FollowsExtenderRules(string file)
    {
        var config = SchedulerConfigurationDecoder.Decode(File.ReadAllText(RepositoryRoot.Combine("scheduler-config", file)));

        Assert.Empty(SchedulerConfigurationRules.Check(config));
        Assert.Single(config.Extenders);
        Assert.True(config.Extenders[0].NodeCacheCapable);
    }

    [Fact]
    public void Decode_SecondScheduler_HasOwnNameAndLeaseAndLoopbackExtender()
    {
        var config = SchedulerConfigurationDecoder.Decode(File.ReadAllText(RepositoryRoot.Combine("scheduler-config", SecondScheduler)));

        Assert.Equal("ec2-capacity-scheduler", Assert.Single(config.Profiles).SchedulerName);
        Assert.Equal("ec2-capacity-scheduler", config.LeaderElection?.ResourceName);
        var extender = Assert.Single(config.Extenders);
        Assert.Equal("http://127.0.0.1:8888/scheduler", extender.UrlPrefix);
        Assert.Equal("bind", extender.BindVerb);
        // A reserved node's score 10 must beat ~1200 in-tree points against a node the extender scores 3.
        Assert.True((10 - 3) * extender.Weight * 10 > 1200);
    }

    [Fact]
    public void Decode_DefaultScheduler_IsIgnorableAndVerifiesTheServiceCertificate()
    {
        var config = SchedulerConfigurationDecoder.Decode(File.ReadAllText(RepositoryRoot.Combine("scheduler-config", DefaultScheduler)));

        var extender = Assert.Single(config.Extenders);
        Assert.True(extender.Ignorable);
        Assert.StartsWith("https://ec2-capacity-extender.ec2-capacity-system.svc", extender.UrlPrefix, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(extender.TlsConfig?.CaFile));
        Assert.Equal("kube-scheduler", config.LeaderElection?.ResourceName);
    }

    [Theory]
    [InlineData("    filterVerbs: filter\n")]
    [InlineData("    nodeCacheCapabel: true\n")]
    [InlineData("    tlsConfig:\n      caFiel: /ca.crt\n")]
    public void Decode_MisspelledKey_Throws(string misspelled)
    {
        Assert.ThrowsAny<YamlException>(() => SchedulerConfigurationDecoder.Decode(ValidExtender + "\n" + misspelled));
    }

    [Fact]
    public void Decode_DuplicateKey_Throws()
    {
        Assert.ThrowsAny<YamlException>(() => SchedulerConfigurationDecoder.Decode(ValidExtender + "\n    weight: 2\n"));
    }

    [Theory]
    [InlineData("    weight: 0\n", "weight must be positive")]
    [InlineData("    httpTimeout: 5 seconds\n", "httpTimeout")]
    [InlineData("    enableHTTPS: true\n", "enableHTTPS must be true exactly when urlPrefix is https")]
    [InlineData("    managedResources:\n      - name: cpu\n", "'cpu' is not a valid extended resource name")]
    [InlineData("    managedResources:\n      - name: kubernetes.io/slot\n", "not a valid extended resource name")]
    [InlineData("  - urlPrefix: http://127.0.0.1:9999/b\n    bindVerb: bind\n  - urlPrefix: http://127.0.0.1:9998/c\n    bindVerb: bind\n", "only one extender can implement bind")]
    public void Check_RuleViolated_ReportsIt(string extra, string expected)
    {
        var yaml = ValidExtender.Replace("    weight: 1", string.Empty, StringComparison.Ordinal) + "\n" +
            (extra.Contains("weight", StringComparison.Ordinal) ? string.Empty : "    weight: 1\n") + extra;

        var errors = SchedulerConfigurationRules.Check(SchedulerConfigurationDecoder.Decode(yaml));

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_HttpsWithoutCertificateAuthority_ReportsSkippedVerification()
    {
        var config = SchedulerConfigurationDecoder.Decode("""
            apiVersion: kubescheduler.config.k8s.io/v1
            kind: KubeSchedulerConfiguration
            extenders:
              - urlPrefix: https://extender.example.svc/scheduler
                enableHTTPS: true
                tlsConfig:
                  serverName: extender.example.svc
                filterVerb: filter
            """);

        Assert.Contains(SchedulerConfigurationRules.Check(config), e => e.Contains("caFile or caData", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("example.com/foo", true)]
    [InlineData("ec2-capacity.example.com/slot", true)]
    [InlineData("nvidia.com/gpu", true)]
    [InlineData("cpu", false)]
    [InlineData("kubernetes.io/foo", false)]
    [InlineData("requests.example.com/foo", false)]
    [InlineData("Example.com/foo", false)]
    [InlineData("example.com/-foo", false)]
    public void IsExtendedResourceName_Name_MatchesUpstream(string name, bool expected)
    {
        Assert.Equal(expected, SchedulerConfigurationRules.IsExtendedResourceName(name));
    }
}
