using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Extender.Benchmarks.Aws;

/// <summary>The 99th percentile of the measured iterations (BenchmarkDotNet ships P95 and P100 columns, not P99).</summary>
internal sealed class P99Column : IColumn
{
    public string Id => "P99";
    public string ColumnName => "P99";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "99th percentile of the iterations";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { } stats
            ? (stats.Percentiles.Percentile(99) / 1000).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " us"
            : "NA";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
