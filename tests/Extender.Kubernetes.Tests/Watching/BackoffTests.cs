using Extender.Kubernetes.Watching;

namespace Extender.Kubernetes.Tests.Watching;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(0, 100, 200)]
    [InlineData(1, 200, 400)]
    [InlineData(3, 800, 1600)]
    [InlineData(8, 15_000, 30_000)]
    [InlineData(1000, 15_000, 30_000)]
    public void Delay_ConsecutiveFailures_DoublesWithinJitterUpToTheCap(int failures, double minMilliseconds, double maxMilliseconds)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), new Random(42));

        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(backoff.Delay(failures).TotalMilliseconds, minMilliseconds, maxMilliseconds);
        }
    }

    [Fact]
    public void Delay_SameFailureCount_IsJittered()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), new Random(7));

        Assert.True(Enumerable.Range(0, 10).Select(_ => backoff.Delay(2)).Distinct().Count() > 1);
    }

    [Fact]
    public void Next_RetriesInARow_StepGrowsToTheCap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), new Random(1));
        var now = DateTimeOffset.UnixEpoch;

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 12; i++)
        {
            var delay = backoff.Next(now);
            delays.Add(delay);

            // The next failure comes right after the retry, as with a watch that fails at once every time.
            now += delay;
        }

        Assert.InRange(delays[0].TotalMilliseconds, 100, 200);
        Assert.InRange(delays[5].TotalMilliseconds, 3_200, 6_400);
        Assert.All(delays.Skip(8), d => Assert.InRange(d.TotalMilliseconds, 15_000, 30_000));
        Assert.Equal(12, backoff.Step);
    }

    [Fact]
    public void Next_NoRetryForTheResetWindow_StartsAgainFromTheInitialDelay()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), new Random(1));
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 6; i++)
        {
            now += backoff.Next(now);
        }

        var stillFailing = backoff.Next(now + TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
        var healthyLongEnough = backoff.Next(now + TimeSpan.FromMinutes(4) + stillFailing);

        Assert.InRange(stillFailing.TotalMilliseconds, 6_400, 12_800);
        Assert.InRange(healthyLongEnough.TotalMilliseconds, 100, 200);
        Assert.Equal(1, backoff.Step);
    }
}
