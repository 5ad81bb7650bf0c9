using System.Text.Json;
using Extender.Core.Interruption;
using YamlDotNet.RepresentationModel;

namespace Extender.Tests.Deployment;

/// <summary>
/// The shipped interruption queue template and IAM rights agree with each other and with what the sidecar parses: every
/// kind it handles has a rule, the queue is the one the policy names, and the policy grants only what the adapter calls.
/// </summary>
public sealed class InterruptionManifestTests
{
    private static YamlMappingNode Template()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "interruption.cloudformation.yaml"))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Resources() => (YamlMappingNode)Template()["Resources"];

    [Fact]
    public void Template_EveryKindTheParserHandles_HasAnEventBridgeRuleToTheQueue()
    {
        var rules = Resources().Children.Values.OfType<YamlMappingNode>()
            .Where(r => ((YamlScalarNode)r["Type"]).Value == "AWS::Events::Rule")
            .Select(r => (YamlMappingNode)((YamlMappingNode)r["Properties"])["EventPattern"])
            .Select(p => (Source: ((YamlSequenceNode)p["source"]).Single().ToString(), DetailType: ((YamlSequenceNode)p["detail-type"]).Single().ToString()))
            .ToList();

        Assert.Equal(5, rules.Count);
        foreach (var (source, detailType) in rules)
        {
            var body = $$$"""{"version":"0","id":"x","source":"{{{source}}}","detail-type":"{{{detailType}}}","time":"2026-12-04T17:00:00Z","detail":{"instance-id":"i-1","service":"EC2","eventTypeCategory":"scheduledChange","affectedEntities":[{"entityValue":"i-1"}]}}""";
            Assert.NotNull(InterruptionParser.Parse(body).Message);
        }
    }

    [Fact]
    public void Policy_GrantsOnlyTheAdaptersSqsCallsOnTheTemplatesQueue()
    {
        var queueName = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)Resources()["InterruptionQueue"])["Properties"])["QueueName"]).Value;
        using var policy = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "aws", "iam-policy.json")));
        var sqs = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray(),
            s => Actions(s).Any(a => a.StartsWith("sqs:", StringComparison.Ordinal)));

        Assert.Equal(["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], Actions(sqs).Order(StringComparer.Ordinal));
        Assert.Equal("${ClusterName}-interruptions", queueName);
        Assert.Equal("arn:aws:sqs:*:ACCOUNT_ID:CLUSTER_NAME-interruptions", sqs.GetProperty("Resource").GetString());
    }

    private static IEnumerable<string> Actions(JsonElement statement) =>
        statement.GetProperty("Action") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(a => a.GetString()!) : [statement.GetProperty("Action").GetString()!];
}
