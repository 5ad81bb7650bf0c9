namespace Extender.Sandbox.Demo;

/// <summary>p50/p90/p99/max of a set of measurements (nearest-rank); all zero when there are none.</summary>
public sealed record Percentiles(double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Percentiles(0, 0, 0, 0);
        }

        return new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.90), Rank(sorted, 0.99), Math.Round(sorted[^1], 1));
    }

    private static double Rank(double[] sorted, double quantile) =>
        Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)], 1);
}
