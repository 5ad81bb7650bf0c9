using Extender.Provisioning.Batching;

namespace Extender.Tests.Provisioning;

public sealed class BatchWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new int[0], 0, 25)]
    [InlineData(new int[0], 25, 0)]
    [InlineData(new[] { 20 }, 20, 25)]
    [InlineData(new[] { 20 }, 44, 1)]
    [InlineData(new[] { 20, 40, 60 }, 60, 25)]
    [InlineData(new[] { 990 }, 990, 10)]
    [InlineData(new[] { 990 }, 1000, 0)]
    public void RemainingAt_Arrivals_ClosesAtIdleOrHardMaximum(int[] arrivalsMs, int nowMs, int expectedRemainingMs)
    {
        var window = BatchWindow.Open(T0, new BatchingOptions { IdleWindow = TimeSpan.FromMilliseconds(25), MaxWindow = TimeSpan.FromSeconds(1) });
        foreach (var at in arrivalsMs)
        {
            window = window.Arrived(T0.AddMilliseconds(at));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedRemainingMs), window.RemainingAt(T0.AddMilliseconds(nowMs)));
    }
}
