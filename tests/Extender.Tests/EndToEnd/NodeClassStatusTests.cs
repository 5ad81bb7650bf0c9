using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Extender.Core.Catalog;
using Extender.Tests.Deployment.AsShipped;
using Extender.Tests.Sandbox;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// EC2NodeClass and NodePool status written back in the demo's sandbox (HTTPS, RBAC from the manifests), as a user
/// sees it with the real kubectl; and a NodePool whose EC2NodeClass cannot resolve left out of planning.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NodeClassStatusTests
{
    // The preferred pool (weight 100) names a class whose subnets match nothing in the sandbox EC2.
    private const string BrokenPreferredPool = """
        bootSeconds: 1
        nodeClasses:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: EC2NodeClass
          metadata: { name: working }
          spec:
            role: KarpenterNodeRole-demo
            amiSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]
            subnetSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]
            securityGroupSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: EC2NodeClass
          metadata: { name: broken }
          spec:
            role: KarpenterNodeRole-demo
            amiSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]
            subnetSelectorTerms: [{ tags: { provisioning.extender.io/discovery: nowhere } }]
            securityGroupSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]
        nodePools:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: { name: preferred }
          spec:
            weight: 100
            template:
              spec:
                nodeClassRef: { group: provisioning.extender.io, kind: EC2NodeClass, name: broken }
                requirements: [{ key: provisioning.extender.io/capacity-type, operator: In, values: [on-demand] }]
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: { name: fallback }
          spec:
            weight: 10
            template:
              spec:
                nodeClassRef: { group: provisioning.extender.io, kind: EC2NodeClass, name: working }
                requirements: [{ key: provisioning.extender.io/capacity-type, operator: In, values: [on-demand] }]
        waves:
        - name: web
          at: 0s
          count: 6
          template: { cpu: "1", memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        - name: later
          at: 2s
          count: 3
          template: { cpu: "1", memory: 1Gi, schedulerName: ec2-capacity-scheduler }
        """;

    [KubectlFact]
    public async Task Demo_NodeClassCannotResolve_ItsPoolLaunchesNothingWarnsOnceAndTheOtherPoolIsUsed()
    {
        await using var run = await EndToEndRun.StartAsync(BrokenPreferredPool);
        await run.RunWavesAsync();

        Assert.True(await run.AllBoundAsync(9), "not every pod was bound");
        Assert.All(run.Environment.Launches.Pods.Values, launch => Assert.StartsWith("fallback-", launch.LastClaim, StringComparison.Ordinal));
        Assert.All(run.Instances, instance => Assert.Equal("fallback", instance.Tags[WellKnownLabels.NodePool]));
        Assert.DoesNotContain(run.Environment.Api.List("events.k8s.io/v1", "Event", "default"), e => (string?)e["reason"] == "LaunchFailed");

        var api = run.Environment.Api;
        Assert.True(await EndToEndRun.EventuallyAsync(() =>
            Ready(Get(api, "NodePool", "preferred")) is ("False", "NodeClassNotReady")
            && Ready(Get(api, "NodePool", "fallback")) is ("True", _)
            && (string?)Get(api, "NodePool", "fallback")["status"]?["resources"]?["nodes"] == run.Instances.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "NodePool status: " + string.Join("; ", api.List("provisioning.extender.io/v1alpha1", "NodePool").Select(p => p["status"]?.ToJsonString())));
        var preferred = Get(api, "NodePool", "preferred");
        Assert.Equal(
            "EC2NodeClass 'broken' is not ready: no subnet matches the selector terms",
            (string?)preferred["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["message"]);

        var broken = Get(api, "EC2NodeClass", "broken");
        Assert.Equal(("False", "NotReady"), Ready(broken));
        Assert.Contains(broken["status"]!["conditions"]!.AsArray(), c => (string?)c!["type"] == "SubnetsReady" && (string?)c["reason"] == "NotFound");
        var working = Get(api, "EC2NodeClass", "working")["status"]!;
        Assert.NotEmpty(working["subnets"]!.AsArray());
        Assert.NotEmpty(working["securityGroups"]!.AsArray());
        Assert.Contains(working["amis"]!.AsArray(), a => ((string?)a!["id"])!.StartsWith("ami-", StringComparison.Ordinal));
        // The profile the provisioner manages for the class's role, as the sandbox IAM holds it.
        Assert.Equal("KarpenterNodeRole-demo", run.Environment.Ec2.InstanceProfiles.Single(p => p.Name == (string?)working["instanceProfile"]).Role);

        // One Warning for the pool, however many batches came after it turned not ready.
        Assert.True(await EndToEndRun.EventuallyAsync(() => PoolWarnings(api).Count == 1));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var warning = Assert.Single(PoolWarnings(api));
        Assert.Equal("NodeClassNotReady", (string?)warning["reason"]);
        Assert.Null(warning["series"]);

        using var kubectl = new KubectlSession(api);
        var table = kubectl.Run("get", "nodepools,ec2nodeclasses,nodeclaims");
        AssertRow(@"nodepool\.provisioning\.extender\.io/fallback\s+10\s+[1-9]\d*\s+\d+\S*\s+\d+\S*\s+True\s", table);
        AssertRow(@"nodepool\.provisioning\.extender\.io/preferred\s+100\s+0\s+0\s+0\s+False\s", table);
        AssertRow(@"ec2nodeclass\.provisioning\.extender\.io/working\s+True\s", table);
        AssertRow(@"ec2nodeclass\.provisioning\.extender\.io/broken\s+False\s", table);
        AssertRow(@"nodeclaim\.provisioning\.extender\.io/fallback-\S+\s+\S+\.\S+\s+us-east-1\w\s+on-demand\s+\S+\s+True\s", table);
    }

    private static void AssertRow(string pattern, string table) => Assert.True(Regex.IsMatch(table, pattern), $"no row matches {pattern} in\n{table}");

    private static JsonObject Get(Extender.Sandbox.Kubernetes.SandboxApiServer api, string kind, string name) =>
        api.List("provisioning.extender.io/v1alpha1", kind).Single(o => (string?)o["metadata"]!["name"] == name);

    private static (string? Status, string? Reason) Ready(JsonObject obj) =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready") is { } ready
            ? ((string?)ready["status"], (string?)ready["reason"])
            : (null, null);

    private static List<JsonObject> PoolWarnings(Extender.Sandbox.Kubernetes.SandboxApiServer api) =>
    [
        .. api.List("events.k8s.io/v1", "Event", "default")
            .Where(e => (string?)e["type"] == "Warning" && (string?)e["regarding"]?["kind"] == "NodePool" && (string?)e["regarding"]?["name"] == "preferred"),
    ];
}
