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
}
