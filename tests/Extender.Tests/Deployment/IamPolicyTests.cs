using System.Text.Json;
using System.Text.RegularExpressions;

namespace Extender.Tests.Deployment;

public sealed class IamPolicyTests
{
    [Fact]
    public void Policy_Eks_AllowsOnlyDescribeClusterOnTheClustersArn()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        var eks = Assert.Single(statements, s => Values(s, "Action").Any(a => a.StartsWith("eks:", StringComparison.Ordinal)));

        Assert.Equal("Allow", eks.GetProperty("Effect").GetString());
        Assert.Equal(["eks:DescribeCluster"], Values(eks, "Action"));
        Assert.Equal(["arn:aws:eks:*:ACCOUNT_ID:cluster/CLUSTER_NAME"], Values(eks, "Resource"));
    }

    /// <summary>An alias reads AWS's public image parameters and nothing else of SSM (no account's own parameters).</summary>
    [Fact]
    public void Policy_Ssm_AllowsOnlyGetParameterOnThePublicAwsServiceParameters()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        var ssm = Assert.Single(statements, s => Values(s, "Action").Any(a => a.StartsWith("ssm:", StringComparison.Ordinal)));

        Assert.Equal("Allow", ssm.GetProperty("Effect").GetString());
        Assert.Equal(["ssm:GetParameter"], Values(ssm, "Action"));
        Assert.Equal(["arn:aws:ssm:*::parameter/aws/service/*"], Values(ssm, "Resource"));
    }

    /// <summary>
    /// IAM is written only for the instance profiles of this cluster's EC2NodeClasses: created under the cluster's path
    /// with the cluster tag, changed and deleted only while they carry it; roles are never written.
    /// </summary>
    [Fact]
    public void Policy_Iam_WritesOnlyThisClustersTaggedInstanceProfiles()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        var writes = statements.Where(s => Values(s, "Action").Any(a => a.StartsWith("iam:", StringComparison.Ordinal) && !a.StartsWith("iam:Get", StringComparison.Ordinal)
            && !a.StartsWith("iam:List", StringComparison.Ordinal) && a != "iam:PassRole")).ToList();

        Assert.Equal(
            ["iam:AddRoleToInstanceProfile", "iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:TagInstanceProfile"],
            writes.SelectMany(s => Values(s, "Action")).Order(StringComparer.Ordinal));
        Assert.All(writes, s =>
        {
            Assert.Equal(["arn:aws:iam::ACCOUNT_ID:instance-profile/extender/*/CLUSTER_NAME/*"], Values(s, "Resource"));
            var equals = s.GetProperty("Condition").GetProperty("StringEquals");
            var tag = equals.TryGetProperty("aws:RequestTag/provisioning.extender.io/cluster", out var request) ? request : equals.GetProperty("aws:ResourceTag/provisioning.extender.io/cluster");
            Assert.Equal("CLUSTER_NAME", tag.GetString());
        });
    }

    /// <summary>
    /// Launching may use images of Amazon and of this account only (the default AMI owners, self and amazon): a public
    /// image of anyone else is refused by EC2 even if a selector term found one.
    /// </summary>
    [Fact]
    public void Policy_Images_LaunchableOnlyFromAmazonOrThisAccount()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();

        var images = Assert.Single(statements, s => Values(s, "Resource").Any(r => r.Contains(":image/", StringComparison.Ordinal)));

        Assert.Equal(["arn:aws:ec2:*::image/*"], Values(images, "Resource"));
        var owners = images.GetProperty("Condition").GetProperty("StringEquals").GetProperty("ec2:Owner");
        Assert.Equal(["amazon", "ACCOUNT_ID"], owners.EnumerateArray().Select(o => o.GetString()));
        Assert.DoesNotContain(statements, s => Values(s, "Resource").Contains("*") && Values(s, "Action").Any(a => a is "ec2:RunInstances" or "ec2:CreateFleet"));
    }

    /// <summary>
    /// Every AWS action the adapter calls (each call goes through a caller naming it) is granted by the shipped policy:
    /// a right missing there fails in a real account only, with AccessDenied, after the install.
    /// </summary>
    [Fact]
    public void Policy_GrantsEveryActionTheAwsAdapterCalls()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var granted = policy.RootElement.GetProperty("Statement").EnumerateArray().SelectMany(s => Values(s, "Action"))
            .Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);
        var called = Directory.EnumerateFiles(RepositoryRoot.Combine("src", "Extender.Aws"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "CallAsync\\(\"(?<action>[A-Za-z]+)\"").Select(m => m.Groups["action"].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("DescribeInstanceStatus", called);
        Assert.Empty(called.Where(a => !granted.Contains(a)).Order(StringComparer.Ordinal));
    }

    private static List<string> Values(JsonElement statement, string name) =>
        statement.GetProperty(name) is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(v => v.GetString()!)]
            : [statement.GetProperty(name).GetString()!];
}
