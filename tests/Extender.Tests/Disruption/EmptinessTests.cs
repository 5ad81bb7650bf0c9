using Extender.Core.Claims;
using Extender.Core.Disruption;
using Extender.Disruption.Deciding;
using Extender.TestKit.Builders;
using Extender.Tests.Provisioning;

namespace Extender.Tests.Disruption;

public sealed class EmptinessTests
{
    [Fact]
    public async Task Pass_NodeEmptyPastConsolidateAfter_MarksTheClaimAndTerminationRemovesIt()
    {
        var pool = ProvisioningHarness.Pool() with { Disruption = new DisruptionSettings(DisruptionSettings.WhenEmpty, TimeSpan.FromSeconds(30), [DisruptionBudget.Default]) };
        using var harness = ProvisioningHarness.Start(pool);
        var node = await harness.RunOnNewNodeAsync(new PodBuilder("web").Uid("web").Cpu("1").MarkedUnschedulable().Build());
        var pass = harness.Get<DisruptionPass>();
        var executor = harness.Get<DisruptionExecutor>();

        await executor.ApplyAsync(pass.Decide(), CancellationToken.None);
        harness.Cluster.DeletePod("web");
        await executor.ApplyAsync(pass.Decide(), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        await executor.ApplyAsync(pass.Decide(), CancellationToken.None);
        var keptEarly = harness.Store.Claims.Single().Deleting;
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await executor.ApplyAsync(pass.Decide(), CancellationToken.None);
        var marked = harness.Store.Claims.Single();
        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.False(keptEarly);
        Assert.True(marked.Deleting);
        Assert.Equal(DisruptionReasons.Empty, marked.Status.Condition(NodeClaimConditionTypes.Disrupting)?.Reason);
        Assert.True(marked.Status.IsTrue(NodeClaimConditionTypes.Empty));
        Assert.Empty(harness.Store.Claims);
        Assert.Equal([node.Name], harness.Worlds.Patcher.Released);
        Assert.Contains("extender_disruption_decisions_total{reason=\"Empty\",nodepool=\"default\"} 1", await harness.MetricsTextAsync(), StringComparison.Ordinal);
    }
}
