using Extender.Sandbox.Controllers;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>Upstream's TestSlowStartBatch table (pkg/controller/replicaset): calls fail once a limit is passed.</summary>
public sealed class SlowStartTests
{
    [Theory]
    [InlineData(10, 0, 0, true, 1)] // all fail: the first batch of 1 ends it
    [InlineData(10, 10, 10, false, 10)] // all succeed: 1 + 2 + 4 + 3
    [InlineData(10, 5, 5, true, 7)] // some succeed: 1 + 2 + 4 calls, two of the batch of 4 fail
    public async Task RunAsync_StopsAtTheFirstBatchWithAFailure(int count, int callLimit, int expectedSuccesses, bool expectError, int expectedCalls)
    {
        var calls = 0;
        var (successes, error) = await SlowStart.RunAsync(count, SlowStart.InitialBatchSize, () =>
            Interlocked.Increment(ref calls) > callLimit ? Task.FromException(new InvalidOperationException("fake error")) : Task.CompletedTask);

        Assert.Equal(expectedSuccesses, successes);
        Assert.Equal(expectError, error is not null);
        Assert.Equal(expectedCalls, calls);
    }

    [Fact]
    public async Task RunAsync_BatchesDoubleAndRunConcurrently()
    {
        var inFlight = 0;
        var batches = new List<int>();
        var gate = new Lock();
        await SlowStart.RunAsync(15, 1, async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (gate)
            {
                batches.Add(now);
            }

            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
        });

        // 1, 2, 4, 8: never more in flight than the batch, and the last batch has all eight at once at some point.
        Assert.Equal(15, batches.Count);
        Assert.InRange(batches.Max(), 2, 8);
    }
}
