using Extender.Kubernetes.Leadership;
using Extender.Kubernetes.Tests.Sandbox;
using Extender.Kubernetes.Tests.Watching;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Kubernetes.Tests.Leadership;

public sealed class LeaseLeaderElectorTests : SandboxApiTest
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Run_TwoCandidates_ExactlyOneLeads()
    {
        using var a = Elector("a", release: true);
        using var b = Elector("b", release: true);

        await a.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => a.IsLeader, "a leads");
        await b.StartAsync(CancellationToken.None);
        await StepAsync(b, times: 3);

        Assert.True(a.IsLeader);
        Assert.False(b.IsLeader);
        await a.StopAsync(CancellationToken.None);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_LeaderStopsRenewing_OtherTakesOverOnlyAfterLeaseDuration()
    {
        using var a = Elector("a", release: false);
        using var b = Elector("b", release: false);
        await StartLeaderThenStandbyAsync(a, b);

        await a.StopAsync(CancellationToken.None);
        var stoppedAt = _time.GetUtcNow();
        while (!b.IsLeader)
        {
            await StepAsync(b, times: 1);
        }

        Assert.InRange(_time.GetUtcNow() - stoppedAt, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(19));
        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("ec2-capacity-provisioner", "kube-system");
        Assert.Equal("b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_LeaderDiesWithoutRelease_StandbyTriesAgainExactlyWhenTheObservedLeaseRunsOut()
    {
        using var a = Elector("a", release: false);
        using var b = Elector("b", release: false);
        await StartLeaderThenStandbyAsync(a, b);
        var observedAt = _time.GetUtcNow();

        await a.StopAsync(CancellationToken.None);
        await StepAsync(b, times: 7);
        var leadingAfter14Seconds = b.IsLeader;
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => b.IsLeader, "b takes over when the lease it observed runs out");

        // Not at the next 2 s retry (16 s): a dead leader is replaced one lease duration after its renewal was seen.
        Assert.False(leadingAfter14Seconds);
        Assert.Equal(TimeSpan.FromSeconds(15), _time.GetUtcNow() - observedAt);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_WithRelease_StandbyTakesOverAtNextAttempt()
    {
        using var a = Elector("a", release: true);
        using var b = Elector("b", release: true);
        await StartLeaderThenStandbyAsync(a, b);

        await a.StopAsync(CancellationToken.None);
        var released = await Client.CoordinationV1.ReadNamespacedLeaseAsync("ec2-capacity-provisioner", "kube-system");
        await StepAsync(b, times: 1);

        Assert.False(a.IsLeader);
        Assert.Null(released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);
        Assert.True(b.IsLeader);
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_NotLeader_LeavesTheLeaderAlone()
    {
        using var a = Elector("a", release: true);
        using var b = Elector("b", release: true);
        await StartLeaderThenStandbyAsync(a, b);

        await b.StopAsync(CancellationToken.None);

        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("ec2-capacity-provisioner", "kube-system");
        Assert.Equal("a", lease.Spec.HolderIdentity);
        Assert.Equal(15, lease.Spec.LeaseDurationSeconds);
        await a.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_RenewalStalls_AttemptIsCutAtTheRenewDeadlineAndTheLeaderStepsDown()
    {
        var stalling = new StallingHandler("/leases/");
        using var client = new k8s.Kubernetes(Api.ClientConfiguration(), stalling);
        using var a = new LeaseLeaderElector(
            client,
            Options.Create(new LeaderElectionOptions { Identity = "a", LeaseNamespace = "kube-system", ReleaseOnShutdown = false }),
            _time,
            NullLogger<LeaseLeaderElector>.Instance);
        await a.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => a.IsLeader && a.Attempts == 1, "a leads");
        var renewed = _time.GetUtcNow();

        stalling.Stall();
        _time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => stalling.Stalled == 1, "the renewal is stuck at the server");
        _time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        await Task.Delay(50);
        var leadingJustBefore = a.IsLeader;
        var attemptsJustBefore = a.Attempts;
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually.TrueAsync(() => !a.IsLeader && a.Attempts == 2, "a steps down as its attempt ends");

        // Cut at renewed + RenewDeadline (10 s), well before others may take over (renewed + LeaseDuration, 15 s),
        // instead of after the 30 s request timeout.
        Assert.True(leadingJustBefore);
        Assert.Equal(1, attemptsJustBefore);
        Assert.Equal(TimeSpan.FromSeconds(10), _time.GetUtcNow() - renewed);
        Assert.Equal(1, stalling.Cancelled);
        await a.StopAsync(CancellationToken.None);
    }

    private static async Task StartLeaderThenStandbyAsync(LeaseLeaderElector leader, LeaseLeaderElector standby)
    {
        await leader.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => leader.IsLeader, "the first one leads");
        await standby.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => standby.Attempts == 1, "the second one saw the lease");
    }

    private LeaseLeaderElector Elector(string identity, bool release) => new(
        Client,
        Options.Create(new LeaderElectionOptions { Identity = identity, LeaseNamespace = "kube-system", ReleaseOnShutdown = release }),
        _time,
        NullLogger<LeaseLeaderElector>.Instance);

    private async Task StepAsync(LeaseLeaderElector elector, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var before = elector.Attempts;
            _time.Advance(TimeSpan.FromSeconds(2));
            await Eventually.TrueAsync(() => elector.Attempts > before, "an attempt after the retry period");
        }
    }
}
