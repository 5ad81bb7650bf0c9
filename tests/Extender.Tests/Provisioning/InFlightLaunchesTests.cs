using Extender.Provisioning.Launching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Provisioning;

public sealed class InFlightLaunchesTests
{
    [Fact]
    public async Task Start_MoreLaunchesThanConcurrency_NextStartsWhenOneEnds()
    {
        using var launches = new InFlightLaunches(Options.Create(new ProvisionerOptions { LaunchConcurrency = 1 }), new FakeTimeProvider(), NullLogger<InFlightLaunches>.Instance);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        launches.Start("a", async _ =>
        {
            firstStarted.SetResult();
            await firstDone.Task;
        });
        await firstStarted.Task;
        launches.Start("b", _ =>
        {
            secondStarted.SetResult();
            return Task.CompletedTask;
        });
        var idleWhileFirstRuns = launches.WhenIdleAsync(CancellationToken.None).IsCompleted;
        var secondStartedEarly = secondStarted.Task.IsCompleted;
        firstDone.SetResult();
        await launches.WhenIdleAsync(CancellationToken.None);

        Assert.False(idleWhileFirstRuns);
        Assert.False(secondStartedEarly);
        Assert.True(secondStarted.Task.IsCompleted);
    }

    [Fact]
    public async Task Start_LaunchThrows_CaughtAndIdleAgain()
    {
        using var launches = new InFlightLaunches(Options.Create(new ProvisionerOptions()), new FakeTimeProvider(), NullLogger<InFlightLaunches>.Instance);

        launches.Start("a", _ => throw new InvalidOperationException("boom"));

        await launches.WhenIdleAsync(CancellationToken.None);
    }
}
