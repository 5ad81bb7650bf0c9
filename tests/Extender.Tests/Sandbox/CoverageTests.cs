using Extender.Sandbox.Demo;

namespace Extender.Tests.Sandbox;

public sealed class CoverageTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Of_EveryPodLaunched_FromEarliestDetectionOrCreationToLastLaunch()
    {
        CreatedPod[] created = [new("default/a", "a", T0.AddMilliseconds(5)), new("default/b", "b", T0.AddMilliseconds(40))];
        var launches = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>
        {
            // The watch saw the first pod before its create call returned.
            ["a"] = (T0, T0.AddMilliseconds(30)),
            ["b"] = (T0.AddMilliseconds(41), T0.AddMilliseconds(90)),
        };

        var coverage = Coverage.Of(created, launches);

        Assert.Equal(new Coverage(90, 50, 0), coverage);
    }

    [Fact]
    public void Of_PodNeverLaunched_CountedAsUncovered()
    {
        CreatedPod[] created = [new("default/a", "a", T0), new("default/b", "b", T0.AddMilliseconds(40))];
        var launches = new Dictionary<string, (DateTimeOffset, DateTimeOffset)> { ["a"] = (T0, T0.AddMilliseconds(20)) };

        var coverage = Coverage.Of(created, launches);

        Assert.Equal(new Coverage(20, 0, 1), coverage);
    }

    [Fact]
    public void Of_NothingLaunched_NoFigures() =>
        Assert.Equal(new Coverage(null, null, 1), Coverage.Of([new CreatedPod("default/a", "a", T0)], new Dictionary<string, (DateTimeOffset, DateTimeOffset)>()));
}
