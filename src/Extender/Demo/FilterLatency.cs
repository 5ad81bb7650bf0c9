using System.Globalization;
using System.Text.RegularExpressions;

namespace Extender.Demo;

/// <summary>
/// The 99th percentile of the sidecar's <c>filter</c> latency, read from its own Prometheus histogram: the upper bound
/// of the first bucket holding 99% of the requests (so an upper estimate).
/// </summary>
internal static partial class FilterLatency
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(5);

    public static async Task<double?> P99MillisecondsAsync(Uri sidecar, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = ScrapeTimeout };
        var text = await http.GetStringAsync(new Uri(sidecar, "metrics"), cancellationToken);
        return P99Milliseconds(text);
    }

    public static double? P99Milliseconds(string exposition)
    {
        var buckets = Bucket().Matches(exposition)
            .Select(m => (Le: m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture),
                          Count: double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)))
            .OrderBy(b => b.Le)
            .ToList();
        var total = buckets.Count == 0 ? 0 : buckets[^1].Count;
        if (total == 0)
        {
            return null;
        }

        var bound = buckets.First(b => b.Count >= 0.99 * total).Le;
        return double.IsPositiveInfinity(bound) ? bound : Math.Round(bound * 1000, 3);
    }

    [GeneratedRegex("""^extender_request_duration_seconds_bucket\{verb="filter",le="(?<le>[^"]+)"\} (?<n>\S+)""", RegexOptions.Multiline)]
    private static partial Regex Bucket();
}
