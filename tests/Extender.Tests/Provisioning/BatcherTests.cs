using Extender.Provisioning.Batching;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class BatcherTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly PendingPodChannel _channel;
    private readonly Batcher _batcher;

    public BatcherTests()
    {
        _channel = new PendingPodChannel(Options.Create(new DetectionOptions()), _time);
        _batcher = new Batcher(_channel, Options.Create(new BatchingOptions()), _time);
    }

    private void Write(string uid) => _channel.TryWrite(new PodBuilder(uid).Uid(uid).Build());

    [Fact]
    public async Task NextBatchAsync_LonePod_ReturnedAtIdleWindowNotBefore()
    {
        Write("a");

        var batch = _batcher.NextBatchAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(24));
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
        _time.Advance(TimeSpan.FromMilliseconds(25));

        Assert.Equal(["a", "b", "c"], (await batch).Select(p => p.Pod.Uid));
    }

    [Fact]
    public async Task NextBatchAsync_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        var batch = _batcher.NextBatchAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
    }
}
