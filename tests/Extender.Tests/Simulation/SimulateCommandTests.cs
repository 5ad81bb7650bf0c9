using System.Text.Json;
using Extender.Commands;

namespace Extender.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("simulate-").FullName;

    [Fact]
    public async Task Simulate_Trace_PrintsTheTableAndWritesReportAndChart()
    {
        var trace = Write("day.yaml", "diurnal: {seed: 4, peakPods: 60, hours: 2}");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Cli.InvokeAsync(["simulate", "--trace", trace, "--report", $"{_dir}/r.json", "--chart", $"{_dir}/c.svg"], output, error);

        Assert.Equal(0, code);
        Assert.Equal("", error.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText($"{_dir}/r.json"));
        Assert.Equal(2.0, report.RootElement.GetProperty("simulatedHours").GetDouble());
        Assert.True(report.RootElement.GetProperty("costOverBound").GetDouble() >= 1.0);
        Assert.Equal(121, report.RootElement.GetProperty("samples").GetArrayLength());
        var svg = File.ReadAllText($"{_dir}/c.svg");
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("lower bound", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("events: [{at: 0s, arrive: {name: j, cpu: lots, memory: 1Gi}}]", "bad.yaml: events[0].arrive.cpu: \"lots\" is not a quantity")]
    [InlineData(null, "missing.yaml: cannot read the file")]
    public async Task Simulate_BadTrace_ExitsTwoWithOneLine(string? yaml, string expected)
    {
        var path = yaml is null ? $"{_dir}/missing.yaml" : Write("bad.yaml", yaml);
        var error = new StringWriter();

        var code = await Cli.InvokeAsync(["simulate", "--trace", path], new StringWriter(), error);

        Assert.Equal(2, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_NodePoolsFileOfPods_ExitsTwoNamingIt()
    {
        var trace = Write("day.yaml", "diurnal: {seed: 4, peakPods: 60, hours: 1}");
        var pods = Write("pods.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: x}]}");
        var error = new StringWriter();

        var code = await Cli.InvokeAsync(["simulate", "--trace", trace, "--nodepools", pods], new StringWriter(), error);

        Assert.Equal(2, code);
        Assert.Contains("pods.yaml: Pod a: only NodePools", error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
