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
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), new Random(42));

        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(backoff.Delay(failures).TotalMilliseconds, minMilliseconds, maxMilliseconds);
        }
    }

    [Fact]
    public void Delay_SameFailureCount_IsJittered()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), new Random(7));

        Assert.True(Enumerable.Range(0, 10).Select(_ => backoff.Delay(2)).Distinct().Count() > 1);
    }
}
