using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Endpoints.Filter;
using Extender.Kubernetes.Mapping;
using Extender.TestKit.Builders;
using Extender.Tests.Hosting;
using k8s;
using k8s.Models;

namespace Extender.Tests.Endpoints;

public sealed class FilterEndpointTests
{
    [Fact]
    public async Task Filter_FixtureNodeNames_AnswersNamesWithExactKeysAndUnknownNodeUnresolvable()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        LoadFixtureNodes(host, Fixtures.NodeA, Fixtures.NodeC);

        var (status, body) = await host.PostAsync("/scheduler/filter", Fixtures.Read("filter-request-nodecachecapable.json"));

        Assert.Equal(200, status);
        Assert.Equal(
            $$"""{"Nodes":null,"NodeNames":["{{Fixtures.NodeA}}","{{Fixtures.NodeC}}"],"FailedNodes":{},"FailedAndUnresolvableNodes":{"{{Fixtures.NodeB}}":"{{FilterVerb.UnknownNodeReason}}"},"Error":""}""",
            body);
        Assert.Empty(host.Sink.Pods);
    }

    [Fact]
    public async Task Filter_FixtureFullNodes_EchoesPassingNodesUnmodifiedAndReportsShortfallInFailedNodes()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertPod(new PodBuilder("busy").Uid("busy-uid").Cpu("3").OnNode(Fixtures.NodeB).Build());
        var request = JsonNode.Parse(Fixtures.Read("filter-request.json"))!;

        var (status, body) = await host.PostAsync("/scheduler/filter", request.ToJsonString());

        Assert.Equal(200, status);
        Assert.Equal(["Nodes", "NodeNames", "FailedNodes", "FailedAndUnresolvableNodes", "Error"], WirePayloads.Keys(body));
        var result = JsonNode.Parse(body)!;
        var sent = request["Nodes"]!["items"]!.AsArray().Where(n => (string?)n!["metadata"]!["name"] != Fixtures.NodeB).ToArray();
        var echoed = result["Nodes"]!["items"]!.AsArray();
        Assert.Equal(sent.Length, echoed.Count);
        Assert.All(sent.Zip(echoed), pair => Assert.True(JsonNode.DeepEquals(pair.First, pair.Second)));
        Assert.Equal("{}", result["Nodes"]!["metadata"]!.ToJsonString());
        Assert.Null(result["NodeNames"]);
        Assert.Equal($$"""{"{{Fixtures.NodeB}}":"Insufficient cpu"}""", result["FailedNodes"]!.ToJsonString());
        Assert.Equal("{}", result["FailedAndUnresolvableNodes"]!.ToJsonString());
        Assert.Equal("", (string?)result["Error"]);
    }

    [Fact]
    public async Task Filter_FullNodesUnknownToSnapshot_CountsPodsTheSnapshotKnowsAreBoundThere()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertPod(new PodBuilder("resident").Uid("resident-uid").Cpu("3500m").OnNode("fresh").Build());

        var (_, body) = await host.PostAsync(
            "/scheduler/filter",
            WirePayloads.WithNodes(WirePayloads.Pod("web", cpu: "1"), WirePayloads.Node("fresh", cpu: "4"), WirePayloads.Node("empty", cpu: "4")));

        var result = JsonNode.Parse(body)!;
        Assert.Equal(["empty"], result["Nodes"]!["items"]!.AsArray().Select(n => (string?)n!["metadata"]!["name"]));
        Assert.Equal("""{"fresh":"Insufficient cpu"}""", result["FailedNodes"]!.ToJsonString());
    }

    [Fact]
    public async Task Filter_MixedCluster_SplitsShortfallsFromConstraintMismatches()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("small").Cpu("250m").Build());
        host.Cluster.UpsertNode(new NodeBuilder("tainted").Taint("dedicated", "gpu", "NoSchedule").Build());
        host.Cluster.UpsertNode(new NodeBuilder("cordoned").Cordoned().Build());
        host.Cluster.UpsertNode(new NodeBuilder("roomy").Build());

        var (status, body) = await host.PostAsync(
            "/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "small", "tainted", "cordoned", "roomy", "gone"));

        Assert.Equal(200, status);
        Assert.Equal(
            $$"""{"Nodes":null,"NodeNames":["roomy"],"FailedNodes":{"small":"Insufficient cpu"},"FailedAndUnresolvableNodes":{"tainted":"node(s) had untolerated taint {dedicated: gpu}","cordoned":"node(s) were unschedulable","gone":"{{FilterVerb.UnknownNodeReason}}"},"Error":""}""",
            body);
    }

    [Fact]
    public async Task Filter_EscapedNodeNames_AreResolvedAndAnsweredUnescaped()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("small").Cpu("250m").Build());
        host.Cluster.UpsertNode(new NodeBuilder("roomy").Build());
        var request = WirePayloads.WithNames(WirePayloads.Pod("web"), "ROOMY", "SMALL", "gone")
            .Replace("ROOMY", "\\u0072oomy", StringComparison.Ordinal)
            .Replace("SMALL", "sm\\u0061ll", StringComparison.Ordinal);

        var (status, body) = await host.PostAsync("/scheduler/filter", request);

        Assert.Equal(200, status);
        Assert.Equal(
            $$"""{"Nodes":null,"NodeNames":["roomy"],"FailedNodes":{"small":"Insufficient cpu"},"FailedAndUnresolvableNodes":{"gone":"{{FilterVerb.UnknownNodeReason}}"},"Error":""}""",
            body);
    }

    [Fact]
    public async Task Filter_NoNodeFits_HandsPodAndReasonsToSink()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("small").Cpu("250m").Build());

        var (status, _) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web", uid: "web-uid"), "small", "gone"));

        Assert.Equal(200, status);
        var handed = Assert.Single(host.Sink.Pods);
        Assert.Equal("web-uid", handed.Pod.Uid);
        Assert.Equal(host.Time.GetUtcNow(), handed.DetectedAt);
        Assert.Equal(
            new Dictionary<string, string> { ["small"] = "Insufficient cpu", ["gone"] = FilterVerb.UnknownNodeReason },
            handed.NodeReasons);
    }

    [Fact]
    public async Task Filter_SinkRefuses_StillAnswersTheScheduler()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Sink.Refuse = true;

        var (status, body) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "gone"));

        Assert.Equal(200, status);
        Assert.Equal("[]", JsonNode.Parse(body)!["NodeNames"]!.ToJsonString());
    }

    [Fact]
    public async Task Filter_LowerCaseEnvelopeKeys_DecodeLikeGo()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("roomy").Build());
        var body = WirePayloads.WithNames(WirePayloads.Pod("web"), "roomy").Replace("\"Pod\"", "\"pod\"").Replace("\"NodeNames\"", "\"nodenames\"").Replace("\"Nodes\"", "\"NODES\"");

        var (status, answer) = await host.PostAsync("/scheduler/filter", body);

        Assert.Equal(200, status);
        Assert.Equal("""["roomy"]""", JsonNode.Parse(answer)!["NodeNames"]!.ToJsonString());
    }

    [Fact]
    public async Task Filter_ConfiguredPrefix_ServesVerbsThere()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Endpoints:PathPrefix"] = "/ec2/extender/" });

        var (moved, _) = await host.PostAsync("/ec2/extender/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "gone"));
        var (old, _) = await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "gone"));

        Assert.Equal(200, moved);
        Assert.Equal(404, old);
    }

    [Fact]
    public async Task Filter_AfterStart_WarmupReportedNothing()
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (_, metrics) = await host.GetAsync("/metrics");

        Assert.Empty(host.Sink.Pods);
        Assert.DoesNotContain("extender_requests_total{", metrics, StringComparison.Ordinal);
    }

    private static void LoadFixtureNodes(ExtenderTestHost host, params string[] names)
    {
        var request = JsonDocument.Parse(Fixtures.Read("filter-request.json"));
        foreach (var item in request.RootElement.GetProperty("Nodes").GetProperty("items").EnumerateArray())
        {
            var node = KubernetesJson.Deserialize<V1Node>(item.GetRawText());
            if (names.Contains(node.Metadata.Name))
            {
                host.Cluster.UpsertNode(NodeMapper.Map(node));
            }
        }
    }
}
