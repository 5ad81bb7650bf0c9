using System.Text.Json;
using Extender.TestKit.Builders;
using Extender.Tests.Hosting;

namespace Extender.Tests.Endpoints;

public sealed class PrioritizeEndpointTests
{
    [Fact]
    public async Task Prioritize_NodeNames_ReturnsBareArrayOfIntegerScoresInRange()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder("snug").Cpu("1").Memory("1Gi").Build());
        host.Cluster.UpsertNode(new NodeBuilder("huge").Cpu("64").Memory("256Gi").Build());

        var (status, body) = await host.PostAsync("/scheduler/prioritize", WirePayloads.WithNames(WirePayloads.Pod("web", cpu: "1", memory: "1Gi"), "snug", "huge", "gone"));

        Assert.Equal(200, status);
        var entries = JsonDocument.Parse(body).RootElement;
        Assert.Equal(JsonValueKind.Array, entries.ValueKind);
        Assert.All(entries.EnumerateArray(), e => Assert.Equal(["Host", "Score"], e.EnumerateObject().Select(p => p.Name)));
        var scores = entries.EnumerateArray().ToDictionary(e => e.GetProperty("Host").GetString()!, e => e.GetProperty("Score").GetInt64());
        Assert.Equal(["snug", "huge", "gone"], scores.Keys);
        Assert.All(scores.Values, s => Assert.InRange(s, 0, 10));
        Assert.True(scores["snug"] > scores["huge"], body);
        Assert.Equal(0, scores["gone"]);
        Assert.DoesNotContain(".", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prioritize_FixtureFullNodes_ScoresEveryNodeSent()
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (status, body) = await host.PostAsync("/scheduler/prioritize", Fixtures.Read("prioritize-request.json"));

        Assert.Equal(200, status);
        var hosts = JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.GetProperty("Host").GetString()!).ToArray();
        Assert.Equal([Fixtures.NodeA, Fixtures.NodeC], hosts);
    }
}
