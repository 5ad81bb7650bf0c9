namespace Extender.Tests.EndToEnd;

/// <summary>
/// An EC2NodeClass written as Karpenter's users write it (<c>alias: al2023@latest</c>), in the demo's sandbox: the
/// sidecar asks the sandbox API server for the Kubernetes version, the sandbox SSM for the images, and the nodes boot
/// from them and join.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AmiAliasEndToEndTests
{
    private static readonly string Scenario = $$"""
        bootSeconds: 1
        nodeClasses:
        {{SandboxNodeClass.Entry("default")}}
        waves:
        - name: web
          at: 0s
          count: 3
          template: { cpu: "1", memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        """;

    [Fact]
    public async Task Demo_AliasAl2023Latest_NodesBootTheSsmNamedImageAndPodsBind()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(3), "not every pod was bound");
        Assert.NotEmpty(run.Instances);
        Assert.All(run.Instances, i => Assert.Equal("ami-0eks0al2023amd64", i.ImageId));
        var api = run.Environment.Api;
        Assert.True(await EndToEndRun.EventuallyAsync(() => Amis(api) == "ami-0eks0al2023amd64,ami-0eks0al2023arm64"), "status.amis: " + Amis(api));
        Assert.True(run.Environment.Ec2.CallCounts["GetParameter"] >= 2);
    }

    private static string Amis(Extender.Sandbox.Kubernetes.SandboxApiServer api) =>
        string.Join(',', (api.List("provisioning.extender.io/v1alpha1", "EC2NodeClass").Single()["status"]?["amis"]?.AsArray() ?? [])
            .Select(a => (string?)a!["id"]).Order(StringComparer.Ordinal));
}
