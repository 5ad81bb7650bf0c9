using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Interruption;
using Extender.Core.Planning;
using Extender.Disruption.Deciding;
using Extender.TestKit.Builders;
using Extender.Tests.Provisioning;

namespace Extender.Tests.Disruption;

/// <summary>
/// Drift through the decision loop's own parts (upkeep, pass, executor) over a launched, initialized node with a pod
/// on it: hashes stamped at creation, re-stamped when the scheme changes, then compared; the node class's image,
/// subnet and security groups compared with what the instance runs with.
/// </summary>
public sealed class DriftTests
{
    private static readonly NodePool Pool = ProvisioningHarness.Pool() with { TemplateHash = "template-1" };

    private static async Task<ProvisioningHarness> RunningNodeAsync(Action<ProvisioningHarness>? before = null)
    {
        var harness = ProvisioningHarness.Start(Pool);
        before?.Invoke(harness);
        await harness.RunOnNewNodeAsync(new PodBuilder("web").Uid("web").Cpu("1").MarkedUnschedulable().Build());
        return harness;
    }

    private static async Task<NodeClaim> PassAsync(ProvisioningHarness harness)
    {
        await harness.Get<DriftUpkeep>().PrepareAsync(CancellationToken.None);
        await harness.Get<DisruptionExecutor>().ApplyAsync(harness.Get<DisruptionPass>().Decide(), CancellationToken.None);
        return harness.Store.Claims.Single();
    }

    [Fact]
    public async Task Pass_NodePoolTemplateChanged_DriftedAsNodePoolDrifted()
    {
        using var harness = await RunningNodeAsync();
        var stamped = harness.Store.Claims.Single().Annotations;

        var unchanged = await PassAsync(harness);
        harness.Worlds.Control.NodePools = [Pool with { TemplateHash = "template-2" }];
        var changed = await PassAsync(harness);

        Assert.Equal("template-1", stamped[StaticHash.NodePool.HashKey]);
        Assert.Equal(StaticHash.NodePool.Version, stamped[StaticHash.NodePool.VersionKey]);
        Assert.False(unchanged.Deleting);
        Assert.True(changed.Deleting);
        Assert.Equal(DriftReasons.NodePoolDrifted, changed.Status.Condition(NodeClaimConditionTypes.Drifted)?.Reason);
        Assert.Equal(DisruptionReasons.Drifted, changed.Status.Condition(NodeClaimConditionTypes.Disrupting)?.Reason);
    }

    // Ours, not Karpenter's: a rebalance recommendation the interruption intake wrote on the claim drifts it only while its NodePool opts in.
    [Fact]
    public async Task Pass_RebalanceRecommendedAndThePoolOptsIn_DriftedAsRebalanceRecommendation()
    {
        using var harness = await RunningNodeAsync();
        var claim = harness.Store.Claims.Single();
        var marked = new Dictionary<string, string>(claim.Annotations) { [RebalanceRecommendations.ClaimAnnotation] = "2026-12-04T22:00:00.0000000Z" };
        await harness.Store.AnnotateAsync(claim.Name, marked, CancellationToken.None);
        harness.Registry.Update(claim, c => c with { Annotations = marked });

        var notOptedIn = await PassAsync(harness);
        harness.Worlds.Control.NodePools = [Pool with { ReplacesOnRebalanceRecommendation = true }];
        var optedIn = await PassAsync(harness);

        Assert.False(notOptedIn.Deleting);
        Assert.True(optedIn.Deleting);
        Assert.Equal(DriftReasons.RebalanceRecommendation, optedIn.Status.Condition(NodeClaimConditionTypes.Drifted)?.Reason);
        Assert.Equal(DisruptionReasons.Drifted, optedIn.Status.Condition(NodeClaimConditionTypes.Disrupting)?.Reason);
    }

    [Fact]
    public async Task Pass_ClaimStampedByAnotherHashVersion_RestampedAndKept()
    {
        using var harness = await RunningNodeAsync();
        var claim = harness.Store.Claims.Single();
        var old = new Dictionary<string, string> { [StaticHash.NodePool.HashKey] = "hash-of-the-old-scheme", [StaticHash.NodePool.VersionKey] = "v0" };
        await harness.Store.AnnotateAsync(claim.Name, old, CancellationToken.None);
        harness.Registry.Update(claim, c => c with { Annotations = old });

        var after = await PassAsync(harness);

        Assert.False(after.Deleting);
        Assert.Equal("template-1", after.Annotations[StaticHash.NodePool.HashKey]);
        Assert.Equal(StaticHash.NodePool.Version, after.Annotations[StaticHash.NodePool.VersionKey]);
    }

    [Fact]
    public async Task Pass_NodeClassSpecChanged_DriftedAsNodeClassDrift()
    {
        using var harness = await RunningNodeAsync(h => h.Worlds.NodeClasses.Set("default", "class-1"));

        // The fake store does not stamp the class's hash at creation as the Kubernetes store does: the first pass's
        // upkeep adopts the claim with today's hash, as it does every claim made before hashes existed.
        var adopted = await PassAsync(harness);
        harness.Worlds.NodeClasses.Set("default", "class-2");
        var changed = await PassAsync(harness);

        Assert.False(adopted.Deleting);
        Assert.Equal("class-1", adopted.Annotations[StaticHash.NodeClass.HashKey]);
        Assert.True(changed.Deleting);
        Assert.Equal(DriftReasons.NodeClassDrift, changed.Status.Condition(NodeClaimConditionTypes.Drifted)?.Reason);
    }

    [Theory]
    [InlineData(DriftReasons.AmiDrift)]
    [InlineData(DriftReasons.SecurityGroupDrift)]
    [InlineData(DriftReasons.SubnetDrift)]
    public async Task Pass_NodeClassStatusMovedOn_DriftedForThatPart(string reason)
    {
        var anyArch = new[] { new NodeSelectorRequirement(WellKnownLabels.Arch, "In", ["amd64", "arm64"]) };
        var today = new ResolvedNodeClass(["subnet-a"], ["sg-1"], [new ResolvedNodeImage("ami-1", anyArch)]);
        using var harness = await RunningNodeAsync(h =>
        {
            h.Capacity.LaunchWith = ("ami-1", "subnet-a", ["sg-1"]);
            h.Worlds.NodeClasses.Set("default", "class-1", today);
        });

        var kept = await PassAsync(harness);
        harness.Worlds.NodeClasses.Set("default", "class-1", reason switch
        {
            DriftReasons.AmiDrift => today with { Images = [new ResolvedNodeImage("ami-2", anyArch)] },
            DriftReasons.SecurityGroupDrift => today with { SecurityGroupIds = ["sg-1", "sg-2"] },
            _ => today with { SubnetIds = ["subnet-b"] },
        });
        var drifted = await PassAsync(harness);

        Assert.False(kept.Deleting, kept.Status.Condition(NodeClaimConditionTypes.Disrupting)?.Message);
        Assert.True(drifted.Deleting);
        Assert.Equal(reason, drifted.Status.Condition(NodeClaimConditionTypes.Drifted)?.Reason);
    }
}
