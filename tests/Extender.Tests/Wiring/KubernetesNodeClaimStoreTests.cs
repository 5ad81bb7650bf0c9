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
