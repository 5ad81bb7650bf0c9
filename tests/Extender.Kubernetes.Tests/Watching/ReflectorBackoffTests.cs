using Extender.Kubernetes.Client;
using Extender.Kubernetes.State;
using Extender.Kubernetes.Watching;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Extender.Kubernetes.Tests.Watching;

/// <summary>
/// The reflector against a source that keeps failing, on a fake clock moved from one wait to the next, so two
/// minutes of retries take milliseconds and every figure is exact.
/// </summary>
public sealed class ReflectorBackoffTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);

    // The shipped defaults: 200 ms initial, 30 s cap, reset after 2 minutes without a retry, 1 s minimum watch.
    private readonly KubernetesOptions _options = new();

    [Theory]
    [InlineData(WatchBehaviour.OpenFails)]
    [InlineData(WatchBehaviour.Gone)]
    public async Task Run_WatchFailsOnEveryAttempt_AtMostOneListPerBackoffStep(WatchBehaviour behaviour)
    {
        var time = new FakeTimeProvider();
        var source = new ScriptedSource(time, behaviour);
        var reflector = Reflector(source, time);

        await RunForAsync(reflector, time, Window);

        var start = source.ListTimes[0];
        var lists = source.ListTimes.Where(t => t - start < Window).ToList();
        output.WriteLine($"{behaviour}: {lists.Count} lists and {source.WatchTimes.Count(t => t - start < Window)} watch opens in {Window.TotalSeconds} s; gaps (ms): {string.Join(", ", lists.Zip(lists.Skip(1), (a, b) => (b - a).TotalMilliseconds))}");

        // Each re-list waited at least the lower (jittered) bound of its step, and the steps never went back to the start.
        for (var step = 1; step < lists.Count; step++)
        {
            var floor = Math.Min(_options.InitialBackoff.TotalMilliseconds * Math.Pow(2, step - 1), _options.MaxBackoff.TotalMilliseconds) / 2;
            Assert.True((lists[step] - lists[step - 1]).TotalMilliseconds >= floor, $"list {step} came {(lists[step] - lists[step - 1]).TotalMilliseconds} ms after the previous one; step floor {floor} ms");
        }

        // Steps at their shortest (half of 200 ms, 400 ms, ... capped at half of 30 s) fit 14 retries in 2 minutes;
        // with the step reset by every list it was one list per 100–200 ms, about 800.
        Assert.InRange(lists.Count, 8, 15);
    }

    [Fact]
    public async Task Run_WatchClosesAtOnceEveryTime_WatchesAgainWithBackoffAndNeverRelists()
    {
        var time = new FakeTimeProvider();
        var source = new ScriptedSource(time, WatchBehaviour.ClosesAtOnce);
        var reflector = Reflector(source, time);

        await RunForAsync(reflector, time, Window);

        var start = source.ListTimes[0];
        var watches = source.WatchTimes.Where(t => t - start < Window).ToList();
        output.WriteLine($"ClosesAtOnce: {source.ListTimes.Count} lists and {watches.Count} watch opens in {Window.TotalSeconds} s");
        Assert.Single(source.ListTimes);
        Assert.InRange(watches.Count, 8, 15);
        Assert.All(watches.Zip(watches.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= _options.MinWatchInterval, $"reopened after {gap}"));
    }

    [Fact]
    public async Task Run_WatchWithEventsClosesAtOnce_ReopensNoSoonerThanTheMinimumInterval()
    {
        var time = new FakeTimeProvider();
        var source = new ScriptedSource(time, WatchBehaviour.OneEventThenCloses);
        var reflector = Reflector(source, time);

        await RunForAsync(reflector, time, TimeSpan.FromSeconds(10));

        var watches = source.WatchTimes;
        Assert.Single(source.ListTimes);
        Assert.InRange(watches.Count, 10, 11);
        Assert.All(watches.Zip(watches.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= _options.MinWatchInterval, $"reopened after {gap}"));
    }

    private Reflector<V1Pod> Reflector(ScriptedSource source, TimeProvider time) =>
        new(source, new ObjectCache<V1Pod>(), _options, time, NullLogger.Instance, new Random(3));

    /// <summary>Runs the reflector, moving the clock over each wait it begins, until the next would end past <paramref name="span"/>.</summary>
    private static async Task RunForAsync(Reflector<V1Pod> reflector, FakeTimeProvider time, TimeSpan span)
    {
        using var stop = new CancellationTokenSource();
        var end = time.GetUtcNow() + span;
        var run = Task.Run(() => reflector.RunAsync(stop.Token));
        var seen = 0;
        while (true)
        {
            var waited = seen;
            await Eventually.TrueAsync(() => reflector.Waits > waited, "the reflector waits");
            seen = reflector.Waits;
            if (time.GetUtcNow() + reflector.LastWait > end)
            {
                break;
            }

            time.Advance(reflector.LastWait);
        }

        await stop.CancelAsync();
        await run;
    }
}
