using System.Text.Json;

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

    private static List<string> Values(JsonElement statement, string name) =>
        statement.GetProperty(name) is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(v => v.GetString()!)]
            : [statement.GetProperty(name).GetString()!];
}
