namespace Extender.Tests.EndToEnd;

/// <summary>
/// The instance profile the sidecar manages for an EC2NodeClass's <c>role</c>, in the demo's sandbox: created with the
/// class, written to its status, used by its nodes, and deleted once the class and its claims are gone.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InstanceProfileEndToEndTests
{
    private static readonly string Scenario = $$"""
        bootSeconds: 1
        nodeClasses:
        {{SandboxNodeClass.Entry("default")}}
        {{SandboxNodeClass.Entry("short-lived")}}
        waves:
        - name: web
          at: 0s
          count: 2
          template: { cpu: "1", memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        """;

    [Fact]
    public async Task Demo_Role_ProfileManagedForEachClassAndDeletedWithItsClass()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        await run.RunWavesAsync();
        var api = run.Environment.Api;
        var ec2 = run.Environment.Ec2;

        Assert.True(await run.AllBoundAsync(2), "not every pod was bound");
        Assert.True(await EndToEndRun.EventuallyAsync(() => Profile(api, "default") is not null && Profile(api, "short-lived") is not null), "no status.instanceProfile");
        var kept = Profile(api, "default")!;
        var dropped = Profile(api, "short-lived")!;
        Assert.NotEqual(kept, dropped);
        Assert.All(new[] { kept, dropped }, name => Assert.Equal("KarpenterNodeRole-demo", ec2.InstanceProfiles.Single(p => p.Name == name).Role));

        Assert.True(api.Delete("provisioning.extender.io/v1alpha1", "EC2NodeClass", null, "short-lived"));

        Assert.True(await EndToEndRun.EventuallyAsync(() => ec2.InstanceProfiles.All(p => p.Name != dropped)), "the deleted class's profile is still there");
        Assert.Contains(ec2.InstanceProfiles, p => p.Name == kept);
    }

    private static string? Profile(Extender.Sandbox.Kubernetes.SandboxApiServer api, string name) =>
        (string?)api.List("provisioning.extender.io/v1alpha1", "EC2NodeClass").SingleOrDefault(c => (string?)c["metadata"]!["name"] == name)?["status"]?["instanceProfile"];
}
