using Extender.Core.Resources;
using Extender.Planning;
using Extender.Simulation;

namespace Extender.Tests.Simulation;

public sealed class TraceReaderTests
{
    [Fact]
    public void Parse_ScaleAndArrive_ReadsEventsInTimeOrderAndCarriesAGroupsSizes()
    {
        var trace = TraceReader.Parse(
            """
            bootTime: 30s
            disruptionInterval: 5s
            events:
            - at: 10m
              scale: {name: web, replicas: 30, cpu: 500m, memory: 1Gi}
            - at: 1h
              scale: {name: web, replicas: 10}
            - at: 0s
              arrive: {name: batch, count: 8, cpu: "2", memory: 4Gi, lifetime: 30m}
            """, "t.yaml");

        Assert.Equal(TimeSpan.FromSeconds(30), trace.BootTime);
        Assert.Equal(TimeSpan.FromSeconds(5), trace.DisruptionInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), trace.SampleInterval);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)], trace.Events.Select(e => e.At));
        Assert.Equal(500, trace.Events[2].Requests[ResourceNames.Cpu]);
        Assert.Equal(10, trace.Events[2].Replicas);
        Assert.Equal(8, trace.Events[0].Count);
        Assert.Equal(TimeSpan.FromMinutes(30), trace.Events[0].Lifetime);
        Assert.Equal(1000, trace.Events[0].Requests[ResourceNames.Pods]);

        // Without a duration: the last event (and its pods' lifetime) plus an hour.
        Assert.Equal(TimeSpan.FromHours(2), trace.Duration);
    }

    [Fact]
    public void Parse_Diurnal_GeneratesADayWhosePeakIsThreeTimesItsTrough()
    {
        var trace = TraceReader.Parse("diurnal: {seed: 3, peakPods: 300}", "t.yaml");

        Assert.Equal(TimeSpan.FromHours(24), trace.Duration);
        var web = trace.Events.Where(e => e.Group == "web").ToList();
        var trough = web[0].Replicas!.Value;
        var peak = web.Max(e => e.Replicas!.Value);
        Assert.InRange(peak / (double)trough, 2.7, 3.3);
        Assert.Contains(trace.Events, e => e.Group == "burst" && e.Count >= 20);
        Assert.True(trace.Events.Count(e => e.Group == "job" && e.Count == 1) > 100);
    }

    [Theory]
    [InlineData("events: [{at: 10m, scale: {name: web, replicas: 3, cpu: 2 cores, memory: 1Gi}}]", "t.yaml: events[0].scale.cpu: \"2 cores\" is not a quantity")]
    [InlineData("events: [{at: soon, scale: {name: web, replicas: 3, cpu: 1, memory: 1Gi}}]", "t.yaml: events[0].at: \"soon\" is not a duration")]
    [InlineData("events: [{scale: {name: web, replicas: 3, cpu: 1, memory: 1Gi}}]", "t.yaml: events[0].at: is required")]
    [InlineData("events: [{at: 0s, scale: {name: web, replicas: 3}}]", "t.yaml: events[0].scale.cpu: is required")]
    [InlineData("events: [{at: 0s, scale: {name: web, replicas: -3, cpu: 1, memory: 1Gi}}]", "t.yaml: events[0].scale.replicas: \"-3\" is not a whole number")]
    [InlineData("events: [{at: 0s, arrive: {name: j, cpu: 1, memory: 1Gi, lifetime: 0s}}]", "t.yaml: events[0].arrive.lifetime: must be longer than 0s")]
    [InlineData("events: [{at: 0s, arrive: {name: j, cpu: 1, memory: 1Gi, colour: red}}]", "t.yaml: events[0].arrive.colour: unknown field")]
    [InlineData("events: [{at: 0s}]", "t.yaml: events[0]: expected exactly one of scale")]
    [InlineData("events: {at: 0s}", "t.yaml: events: expected a list")]
    [InlineData("bootTime: 1 minute", "t.yaml: bootTime: \"1 minute\" is not a duration")]
    [InlineData("diurnal: {peakPods: 5}", "t.yaml: diurnal.peakPods: must be at least 10")]
    [InlineData("events: [unclosed", "t.yaml: line ")]
    [InlineData("- at: 0s", "t.yaml: expected a mapping")]
    public void Parse_BadField_OneLineNamingFileAndField(string yaml, string expected)
    {
        var error = Assert.Throws<PlanInputException>(() => TraceReader.Parse(yaml, "t.yaml"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
