using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Provisioning.Launching;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

/// <summary>
/// A claim the server made although the create's answer was lost: the watch shows it (and gave its pods' reservations
/// to the ledger), but this process never wrote it into its registry. The leader's lifecycle pass adopts it.
/// </summary>
public sealed class AdoptionTests
{
    private static readonly TimeSpan CreatePatience = TimeSpan.FromSeconds(31);

    [Fact]
    public async Task TickAsync_UnknownClaimHoldingAPod_IsAdoptedAndLaunched()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var (orphan, pod) = await OrphanAsync(harness);
        harness.Ledger.Update(s => s.Reserve(orphan.Name, [ClaimFactory.Reserve(pod, harness.Time.GetUtcNow())]));
        harness.Time.Advance(CreatePatience);

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.NotNull(harness.Registry.Find(orphan.Name));
        Assert.Contains(harness.Capacity.Launches, l => l.NodeClaimName == orphan.Name);
        Assert.True(harness.Ledger.Current.Holds(pod.Uid));
    }

    [Fact]
    public async Task TickAsync_UnknownClaimWhosePodsWentElsewhere_IsDeletedUnlaunched()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var (orphan, _) = await OrphanAsync(harness);
        harness.Time.Advance(CreatePatience);

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.DoesNotContain(harness.Store.Claims, c => c.Name == orphan.Name);
        Assert.DoesNotContain(harness.Capacity.Launches, l => l.NodeClaimName == orphan.Name);
        Assert.Null(harness.Registry.Find(orphan.Name));
    }

    [Fact]
    public async Task TickAsync_UnknownClaimYoungerThanACreateCanTake_IsLeftAlone()
    {
        using var harness = ProvisioningHarness.Start(ProvisioningHarness.Pool());
        var (orphan, _) = await OrphanAsync(harness);
        harness.Time.Advance(TimeSpan.FromSeconds(5));

        await harness.Lifecycle.TickAsync(CancellationToken.None);

        Assert.Contains(harness.Store.Claims, c => c.Name == orphan.Name);
        Assert.Null(harness.Registry.Find(orphan.Name));
    }

    /// <summary>A claim in the store, shaped as the provisioner writes one, that the registry never heard of.</summary>
    private static async Task<(NodeClaim Orphan, Pod Pod)> OrphanAsync(ProvisioningHarness harness)
    {
        harness.AddPendingPods([new PodBuilder("seed").Uid("seed").Cpu("1").Memory("1Gi").MarkedUnschedulable().Build()]);
        await harness.ProvisionQueuedAsync();
        var seed = Assert.Single(harness.Store.Claims);
        var pod = new PodBuilder("lost").Uid("lost").Cpu("1").Memory("1Gi").MarkedUnschedulable().Build();
        harness.Cluster.UpsertPod(pod);
        var orphan = await harness.Store.CreateAsync(
            seed with { Name = $"{seed.NodePool}-lost1", Uid = "", Status = new NodeClaimStatus(), ReservedFor = [ClaimFactory.Reserve(pod, harness.Time.GetUtcNow())], CreatedAt = harness.Time.GetUtcNow() },
            CancellationToken.None);
        return (orphan, pod);
    }
}
