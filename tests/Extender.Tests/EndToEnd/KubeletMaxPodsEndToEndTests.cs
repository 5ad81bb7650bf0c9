using System.Globalization;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// <c>spec.kubelet.maxPods</c> end to end in the demo's sandbox: the planner buys for it, the node's user data carries
/// it, the sandbox kubelet registers it as the node's pods, and the scheduler stand-in holds each node to it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KubeletMaxPodsEndToEndTests
{
    private static readonly string Scenario = $$"""
        bootSeconds: 1
        nodeClasses:
        {{SandboxNodeClass.Entry("default", "kubelet: { maxPods: 3 }")}}
        waves:
        - name: small
          at: 0s
          count: 7
          template: { cpu: 50m, memory: 32Mi, schedulerName: ec2-capacity-scheduler }
        """;

    [Fact]
    public async Task Demo_MaxPods3_SevenSmallPodsBoundOnNodesOfAtMostThree()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(7), "not every pod was bound");
        var nodes = run.Nodes;
        Assert.True(nodes.Count >= 3, $"{nodes.Count} node(s) for 7 pods at 3 per node");
        Assert.All(nodes, n => Assert.Equal("3", (string?)n["status"]!["allocatable"]!["pods"]));
        var perNode = run.Pods.GroupBy(p => (string?)p["spec"]!["nodeName"]).ToDictionary(g => g.Key ?? "", g => g.Count());
        Assert.All(perNode.Values, count => Assert.InRange(count, 1, 3));
        Assert.All(run.Instances, i => Assert.Contains("maxPods: 3", i.UserData, StringComparison.Ordinal));
        Assert.Equal(nodes.Count.ToString(CultureInfo.InvariantCulture), run.Instances.Count.ToString(CultureInfo.InvariantCulture));
    }
}
