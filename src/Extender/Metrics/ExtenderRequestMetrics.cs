using Prometheus;

namespace Extender.Metrics;

/// <summary>Request counts by verb and status code, and latency by verb, of the extender endpoints.</summary>
internal sealed class ExtenderRequestMetrics
{
    private readonly Counter _requests;
    private readonly Histogram _duration;

    public ExtenderRequestMetrics(IMetricFactory factory)
    {
        _requests = factory.CreateCounter(
            "extender_requests_total",
            "Extender requests answered, by verb and HTTP status code.",
            new CounterConfiguration { LabelNames = ["verb", "code"] });

        // 50 µs .. ~1.6 s: the filter answers in well under a millisecond, kube-scheduler gives up at 5 s.
        _duration = factory.CreateHistogram(
            "extender_request_duration_seconds",
            "Time from the first byte read to the last byte written, by verb.",
            new HistogramConfiguration { LabelNames = ["verb"], Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16) });
    }

    public void Observe(string verb, int statusCode, TimeSpan elapsed)
    {
        _requests.WithLabels(verb, Code(statusCode)).Inc();
        _duration.WithLabels(verb).Observe(elapsed.TotalSeconds);
    }

    private static string Code(int statusCode) => statusCode switch
    {
        StatusCodes.Status200OK => "200",
        StatusCodes.Status400BadRequest => "400",
        StatusCodes.Status413PayloadTooLarge => "413",
        _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
