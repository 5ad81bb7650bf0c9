using Extender.Core.Claims;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Wiring;

/// <summary>The claim store's reads over the sandbox API: the watch cache the lifecycle loop polls, and the live read that confirms an absence.</summary>
public sealed class KubernetesNodeClaimStoreTests : IAsyncLifetime
{
    private SandboxSidecar _sidecar = null!;

    // The lifecycle loop would rightly delete the bare claim this test writes (it has nothing to launch).
    public async Task InitializeAsync() => _sidecar = await SandboxSidecar.StartAsync(new Dictionary<string, string?> { ["Provisioner:Lifecycle:Interval"] = "00:10:00" });

    public async Task DisposeAsync() => await _sidecar.DisposeAsync();

    [Fact]
    public async Task FindCachedAndGetAsync_ClaimCreatedThenDeleted_FollowTheApi()
    {
        var store = _sidecar.Services.GetRequiredService<INodeClaimStore>();

        var created = await store.CreateAsync(new NodeClaim { Name = "claim-cached", NodePool = "default", NodeClass = "default" }, CancellationToken.None);
        var cachedAfterCreate = await SandboxSidecar.Eventually(() => Task.FromResult(store.FindCached(created.Name) is not null));
        var cached = store.FindCached(created.Name);
        var live = await store.GetAsync(created.Name, CancellationToken.None);
        var missing = await store.GetAsync("no-such-claim", CancellationToken.None);
        await store.DeleteAsync(created.Name, CancellationToken.None);
        var goneFromCache = await SandboxSidecar.Eventually(() => Task.FromResult(store.FindCached(created.Name) is null));

        Assert.True(cachedAfterCreate);
        Assert.Equal(created.Uid, cached?.Uid);
        Assert.Equal((created.Uid, false), (live?.Uid, live?.Deleting ?? true));
        Assert.Null(missing);
        Assert.True(goneFromCache);
        Assert.Null(await store.GetAsync(created.Name, CancellationToken.None));
    }

    /// <summary>
    /// A status write replaces the whole status: what it sets is stored, and what a later status no longer has is
    /// removed (the shipped Role grants <c>update</c> on <c>nodeclaims/status</c>, not <c>patch</c>).
    /// </summary>
    [Fact]
    public async Task UpdateStatusAsync_LaunchedThenRegisteredThenCleared_StoredStatusIsTheLastWritten()
    {
        var store = _sidecar.Services.GetRequiredService<INodeClaimStore>();
        var created = await store.CreateAsync(new NodeClaim { Name = "claim-status", NodePool = "default", NodeClass = "default" }, CancellationToken.None);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var launched = new NodeClaimStatus
        {
            ProviderId = "aws:///us-east-1a/i-0123456789abcdef0",
            InstanceType = "m7i.xlarge",
            Zone = "us-east-1a",
            CapacityType = "on-demand",
            PricePerHour = 0.2016m,
            Allocatable = Extender.Core.Resources.ResourceList.Of(("cpu", 3920), ("memory", 15_000_000_000_000)),
        }.WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Launched, true, "Launched", "i-0123456789abcdef0", at));
        var registered = launched with { NodeName = "ip-10-0-0-1.ec2.internal" };

        var afterLaunch = await store.UpdateStatusAsync(created.Name, launched, CancellationToken.None);
        var afterRegistration = await store.UpdateStatusAsync(created.Name, registered, CancellationToken.None);
        var cleared = await store.UpdateStatusAsync(created.Name, new NodeClaimStatus(), CancellationToken.None);
        var live = await store.GetAsync(created.Name, CancellationToken.None);

        Assert.Equal((launched.ProviderId, launched.InstanceType, launched.Zone, launched.CapacityType, launched.PricePerHour, (string?)null), (afterLaunch.Status.ProviderId, afterLaunch.Status.InstanceType, afterLaunch.Status.Zone, afterLaunch.Status.CapacityType, afterLaunch.Status.PricePerHour, afterLaunch.Status.NodeName));
        Assert.Equal(launched.Allocatable, afterLaunch.Status.Allocatable);
        Assert.True(afterLaunch.Status.IsTrue(NodeClaimConditionTypes.Launched));
        Assert.Equal(registered.NodeName, afterRegistration.Status.NodeName);
        Assert.Equal(launched.ProviderId, afterRegistration.Status.ProviderId);
        Assert.Equal(new NodeClaimStatus().Allocatable, cleared.Status.Allocatable);
        Assert.Equal((null, null, null, 0), (cleared.Status.ProviderId, cleared.Status.NodeName, cleared.Status.PricePerHour, cleared.Status.Conditions.Count));
        Assert.Equal((null, 0), (live!.Status.InstanceType, live.Status.Conditions.Count));
    }

    /// <summary>
    /// A create whose answer was lost (a dropped connection, a client timeout) and that is tried again finds the name
    /// taken: the claim it made is returned, not an error that would send its pods back to wait out a backoff.
    /// </summary>
    [Fact]
    public async Task CreateAsync_NameTakenByTheSameRequest_ReturnsTheClaimItMade()
    {
        var store = _sidecar.Services.GetRequiredService<INodeClaimStore>();
        var claim = new NodeClaim
        {
            Name = "claim-twice",
            NodePool = "default",
            NodeClass = "default",
            ReservedFor = [new ReservedPod(new PodReference("default", "web-0", "uid-web-0"), Extender.Core.Resources.ResourceList.Empty, DateTimeOffset.UtcNow)],
        };
        var first = await store.CreateAsync(claim, CancellationToken.None);

        var again = await store.CreateAsync(claim, CancellationToken.None);
        var other = claim with { ReservedFor = [new ReservedPod(new PodReference("default", "web-1", "uid-web-1"), Extender.Core.Resources.ResourceList.Empty, DateTimeOffset.UtcNow)] };
        var refused = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => store.CreateAsync(other, CancellationToken.None));

        Assert.Equal(first.Uid, again.Uid);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.Response.StatusCode);
    }

    [Fact]
    public async Task WarmUpCreateAsync_ClaimOfTheWarmUpPlan_PassesTheApiServersSchemaAndStoresNothing()
    {
        // The leader's warm-up dry-runs a claim of its synthetic plan: the sandbox validates it against the shipped CRD
        // schema, as the real server would (an empty reservedFor namespace was once refused there with a 422).
        var store = _sidecar.Services.GetRequiredService<INodeClaimStore>();
        var catalog = Extender.Core.Catalog.DefaultCatalog.Load();
        var pool = new Extender.Core.Planning.NodePool { Name = "default", NodeClassRef = new("provisioning.extender.io", "EC2NodeClass", "default") };
        var plan = Extender.Provisioning.Launching.PlannerWarmUp.Run([pool], [], catalog);
        var node = Assert.Single(plan.NewNodes.Take(1));

        await store.WarmUpCreateAsync(Extender.Provisioning.Launching.ClaimFactory.Create(node, pool, catalog, DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.NotEmpty(node.Pods);
        Assert.Empty(_sidecar.Api.List("provisioning.extender.io/v1alpha1", "NodeClaim"));
    }
}
