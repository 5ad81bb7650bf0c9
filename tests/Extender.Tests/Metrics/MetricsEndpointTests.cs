using Extender.Tests.Endpoints;
using Extender.Tests.Hosting;

namespace Extender.Tests.Metrics;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterRequests_CountsByVerbAndCodeAndTimesByVerb()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        await host.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "gone"));
        await host.PostAsync("/scheduler/filter", "{");

        var (status, text) = await host.GetAsync("/metrics");

        Assert.Equal(200, status);
        Assert.Contains("extender_requests_total{verb=\"filter\",code=\"200\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("extender_requests_total{verb=\"filter\",code=\"400\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("extender_request_duration_seconds_count{verb=\"filter\"} 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TwoHosts_DoNotShareCounters()
    {
        await using var first = await ExtenderTestHost.StartAsync();
        await using var second = await ExtenderTestHost.StartAsync();
        await first.PostAsync("/scheduler/filter", WirePayloads.WithNames(WirePayloads.Pod("web"), "gone"));

        var (_, text) = await second.GetAsync("/metrics");

        Assert.DoesNotContain("extender_requests_total{verb=\"filter\"", text, StringComparison.Ordinal);
    }
}
