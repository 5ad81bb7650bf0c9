using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Metrics;
using Extender.TestKit.Builders;
using Extender.TestKit.Fakes.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class BatcherTests
{
    private static readonly BatchingOptions Defaults = new();
    private static readonly TimeSpan JustBeforeIdleEnd = Defaults.IdleWindow - TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly ClusterState _cluster = new();
    private readonly PendingPodChannel _channel;
    private readonly Batcher _batcher;

    public BatcherTests()
    {
        var ledger = new ReservationLedger();
        _channel = new PendingPodChannel(Options.Create(new DetectionOptions()), ledger, _time);
        var existing = new ExistingCapacity(_cluster, ledger, new LeftToScheduler(Options.Create(new DetectionOptions()), _time));
        var metrics = new ProvisionerMetrics(Prometheus.Metrics.NewCustomRegistry(), _channel, ledger, []);
        var lost = new LostReservations(existing, ledger, new RecordingPodEventRecorder(), metrics, NullLogger<LostReservations>.Instance);
        _batcher = new Batcher(_channel, existing, lost, Options.Create(Defaults), _time);
    }

    private void Write(string uid) => _channel.TryWrite(new PodBuilder(uid).Uid(uid).Build());

    private void WriteNew(string uid, string cpu) => _channel.TryWriteNew(new PodBuilder(uid).Uid(uid).Cpu(cpu).Build());

    [Fact]
    public async Task NextBatchAsync_LonePod_ReturnedAtIdleWindowNotBefore()
    {
        Write("a");

        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(JustBeforeIdleEnd);
        Assert.False(batch.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["a"], (await batch).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task NextBatchAsync_BurstAlreadyQueued_OneBatch()
    {
        Write("a");
        Write("b");
        Write("c");

        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(Defaults.IdleWindow);

        Assert.Equal(["a", "b", "c"], (await batch).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task NextBatchAsync_PodReportedAgainWhileInOpenBatch_DoesNotProlongIt()
    {
        Write("a");
        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(JustBeforeIdleEnd);
        Write("a");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["a"], (await batch).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task NextBatchAsync_NewPodsAtCreation_KeepsOnlyThoseNoExistingNodeFits()
    {
        _cluster.UpsertNode(new NodeBuilder("n1").Cpu("2").Memory("8Gi").Build());
        WriteNew("fits", "1");
        WriteNew("too-big", "4");

        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(Defaults.IdleWindow);

        var pending = Assert.Single(await batch);
        Assert.Equal("too-big", pending.Pod.Uid);
        Assert.True(pending.AtCreation);
    }

    [Fact]
    public async Task NextBatchAsync_NewPodFitsExistingNode_NeitherJoinsNorProlongsBatch()
    {
        _cluster.UpsertNode(new NodeBuilder("n1").Cpu("2").Memory("8Gi").Build());
        Write("a");
        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(JustBeforeIdleEnd);
        WriteNew("fits", "1");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(["a"], (await batch).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task NextBatchAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var batch = _batcher.NextBatchAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
    }

    [Fact]
    public async Task NextBatchAsync_QueueOutlastsTheWindowWhileBeingJudged_BatchClosesAndTheRestIsTheNext()
    {
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(40));
        var ledger = new ReservationLedger();
        var channel = new PendingPodChannel(Options.Create(new DetectionOptions()), ledger, clock);
        var existing = new ExistingCapacity(_cluster, ledger, new LeftToScheduler(Options.Create(new DetectionOptions()), clock));
        var metrics = new ProvisionerMetrics(Prometheus.Metrics.NewCustomRegistry(), channel, ledger, []);
        var lost = new LostReservations(existing, ledger, new RecordingPodEventRecorder(), metrics, NullLogger<LostReservations>.Instance);
        var batcher = new Batcher(channel, existing, lost, Options.Create(Defaults), clock);
        var queued = Enumerable.Range(0, 200).Select(i => $"p{i:000}").ToList();
        foreach (var uid in queued)
        {
            channel.TryWrite(new PodBuilder(uid).Uid(uid).Build());
        }

        var batches = new List<IReadOnlyList<UnschedulablePod>>();
        while (channel.Count > 0)
        {
            batches.Add(await batcher.NextBatchAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        }

        Assert.True(batches.Count > 1);
        Assert.Equal(queued, batches.SelectMany(b => b).Select(p => p.Pod.Uid));
    }

    /// <summary>A clock that moves on each time it is read, as a real one does while the batcher judges a long queue.</summary>
    private sealed class SteppingClock(TimeSpan step) : FakeTimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            Advance(step);
            return base.GetUtcNow();
        }
    }
}
