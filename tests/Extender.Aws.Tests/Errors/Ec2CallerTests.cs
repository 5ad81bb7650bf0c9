using Amazon.EC2;
using Extender.Aws.Errors;
using Extender.Core.Capacity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Aws.Tests.Errors;

public sealed class Ec2CallerTests
{
    private static readonly AwsCapacityOptions Options = new()
    {
        ClusterName = "c",
        ThrottleBaseDelay = TimeSpan.FromMilliseconds(100),
        ThrottleMaxDelay = TimeSpan.FromSeconds(1),
        ThrottleMaxAttempts = 4,
    };

    [Fact]
    public async Task CallAsync_ThrottledTwice_BacksOffOnTheClockThenSucceeds()
    {
        var time = new FakeTimeProvider();
        var caller = new Ec2Caller(time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<Ec2Caller>.Instance);
        var calls = 0;

        var task = caller.CallAsync("DescribeInstances", _ => ++calls <= 2 ? throw Throttle() : Task.FromResult("ok"), CancellationToken.None);

        Assert.Equal(1, calls);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, calls);
        time.Advance(TimeSpan.FromMilliseconds(51));
        Assert.Equal(2, calls);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal("ok", await task);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task CallAsync_ThrottledEveryTime_ThrowsThrottledAfterMaxAttempts()
    {
        var time = new FakeTimeProvider();
        var caller = new Ec2Caller(time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<Ec2Caller>.Instance);
        var calls = 0;

        var task = caller.CallAsync<string>("CreateFleet", _ => { calls++; throw Throttle(); }, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            time.Advance(Options.ThrottleMaxDelay);
        }

        var ex = await Assert.ThrowsAsync<CapacityException>(() => task);
        Assert.Equal((CapacityErrorKind.Throttled, 4), (ex.Kind, calls));
    }

    [Fact]
    public async Task CallAsync_CallIgnoresItsToken_CancellationStillEndsTheWait()
    {
        var caller = new Ec2Caller(new FakeTimeProvider(), Microsoft.Extensions.Options.Options.Create(Options), NullLogger<Ec2Caller>.Instance);
        using var stop = new CancellationTokenSource();
        var never = new TaskCompletionSource<string>();

        var task = caller.CallAsync("DescribeInstanceTypes", _ => never.Task, stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task CallAsync_CallNeverAnswers_TransientOnceTheRequestTimeoutPasses()
    {
        var options = new AwsCapacityOptions { ClusterName = "c", RequestTimeout = TimeSpan.FromMilliseconds(20) };
        var caller = new Ec2Caller(new FakeTimeProvider(), Microsoft.Extensions.Options.Options.Create(options), NullLogger<Ec2Caller>.Instance);
        var never = new TaskCompletionSource<string>();

        var ex = await Assert.ThrowsAsync<CapacityException>(() => caller.CallAsync("CreateFleet", _ => never.Task, CancellationToken.None));

        Assert.Equal(CapacityErrorKind.Transient, ex.Kind);
        Assert.IsType<TimeoutException>(ex.InnerException);
    }

    [Theory]
    [InlineData(1, 50, 100)]
    [InlineData(2, 100, 200)]
    [InlineData(4, 400, 800)]
    [InlineData(10, 500, 1000)]
    public void Delay_Attempt_StaysWithinUpperHalfOfCappedExponential(int attempt, int minMs, int maxMs)
    {
        var low = new ThrottleBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 0.0).Delay(attempt);
        var high = new ThrottleBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 1.0).Delay(attempt);

        Assert.Equal((minMs, maxMs), ((int)low.TotalMilliseconds, (int)high.TotalMilliseconds));
    }

    private static AmazonEC2Exception Throttle() => new("Rate exceeded") { ErrorCode = "RequestLimitExceeded" };
}
