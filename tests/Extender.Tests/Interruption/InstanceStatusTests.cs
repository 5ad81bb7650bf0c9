using System.Diagnostics;
using Extender.Core.Interruption;
using Extender.Interruption;
using Extender.Provisioning.Availability;
using Extender.TestKit.Fakes.Capacity;
using Extender.TestKit.Fakes.Disruption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Interruption;

/// <summary>
/// The leader's periodic EC2 status check, wired as the sidecar wires it (section <c>Interruption</c>, check every
/// minute, two minutes' toleration) on a fake clock; the cluster side is the in-memory claim store.
/// </summary>
public sealed class InstanceStatusTests : IAsyncLifetime
{
    private const string InstanceId = InterruptionWorld.InstanceId;
    private const string NodeName = InterruptionWorld.NodeName;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time;
    private readonly InterruptionWorld _world;
    private ServiceProvider _services = null!;
    private InstanceStatusService _service = null!;

    public InstanceStatusTests()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        _world = new InterruptionWorld(_time);
    }

    private FakeInstanceStatusSource _statuses => _world.Statuses;

    private RecordingDisruptionEvents _events => _world.Events;

    private bool Deleting => _world.Deleting;

    public async Task InitializeAsync()
    {
        _services = _world.Build(new Dictionary<string, string?>());
        _service = _services.GetServices<IHostedService>().OfType<InstanceStatusService>().Single();
        await _world.AddClaimAsync();
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    /// <summary>Moves the clock on until the loop has run its <paramref name="checks"/>th check, then lets it act on it.</summary>
    private async Task RunChecksAsync(int checks)
    {
        var clock = Stopwatch.StartNew();
        while (_statuses.Checks < checks)
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting for check {checks} (at {_statuses.Checks})");
            _time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10, CancellationToken.None);
        }

        await Task.Delay(100, CancellationToken.None);
    }

    [Fact]
    public async Task ImpairedLongerThanTheToleration_ClaimDeletedOnce_OfferingStillAvailable()
    {
        _statuses.Impaired = [new ImpairedInstance(InstanceId, "system")];
        await _service.StartAsync(CancellationToken.None);

        await RunChecksAsync(2);
        Assert.False(Deleting, "replaced after one minute of impairment; the toleration is two");
        await RunChecksAsync(3);

        Assert.True(Deleting);
        var onNode = Assert.Single(_events.Events, e => e is { Kind: "Node", Reason: "InstanceImpaired" });
        Assert.Equal(NodeName, onNode.Name);
        Assert.True(_services.GetRequiredService<UnavailableOfferings>().IsAvailable("m7i.large", "us-east-1a", "spot"));
        await RunChecksAsync(5);
        Assert.Single(_events.Events, e => e is { Kind: "Node", Reason: "InstanceImpaired" });
    }

    [Fact]
    public async Task PassingACheck_StartsTheTolerationOver()
    {
        _statuses.Impaired = [new ImpairedInstance(InstanceId, "instance")];
        await _service.StartAsync(CancellationToken.None);
        await RunChecksAsync(2);
        _statuses.Impaired = [];
        await RunChecksAsync(3);
        _statuses.Impaired = [new ImpairedInstance(InstanceId, "instance")];
        await RunChecksAsync(5);
        Assert.False(Deleting, "the earlier impairment was counted after the instance recovered");

        await RunChecksAsync(6);
        Assert.True(Deleting);
    }

    [Fact]
    public async Task AFailedCheck_TheLoopGoesOn()
    {
        _statuses.Failure = new InvalidOperationException("throttled");
        await _service.StartAsync(CancellationToken.None);
        await RunChecksAsync(1);
        _statuses.Failure = null;
        _statuses.Impaired = [new ImpairedInstance(InstanceId, "instance")];

        await RunChecksAsync(4);

        Assert.True(Deleting);
    }

    [Fact]
    public async Task InstancesThatAreNotOurs_Ignored()
    {
        _statuses.Impaired = [new ImpairedInstance("i-0ffffffffffffffff", "system")];
        await _service.StartAsync(CancellationToken.None);

        await RunChecksAsync(4);

        Assert.False(Deleting);
        Assert.Empty(_events.Events);
    }

    [Fact]
    public async Task NotLeading_NoCheck()
    {
        _world.Cluster.IsLeader = false;
        await _service.StartAsync(CancellationToken.None);

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10, CancellationToken.None);
        }

        Assert.Equal(0, _statuses.Checks);
    }

    [Fact]
    public async Task IntervalZero_TheCheckIsOff()
    {
        await using var off = _world.Build(new Dictionary<string, string?> { ["Interruption:StatusCheckInterval"] = "00:00:00" });
        var service = off.GetServices<IHostedService>().OfType<InstanceStatusService>().Single();
        await service.StartAsync(CancellationToken.None);

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10, CancellationToken.None);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(0, _statuses.Checks);
    }
}
