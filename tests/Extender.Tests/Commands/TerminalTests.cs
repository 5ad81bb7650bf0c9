using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Extender.Tests.Planning;

namespace Extender.Tests.Commands;

/// <summary>
/// The commands as a user sees them in a terminal of 80 and of 160 columns: each runs under a pseudo-terminal
/// (util-linux <c>script</c>), and its screen output must carry every name whole and no log line.
/// </summary>
public sealed partial class TerminalTests : IDisposable
{
    private static readonly string Data = PlanCommandTests.FindData();
    private readonly string _dir = Directory.CreateTempSubdirectory("terminal-").FullName;

    [PtyTheory]
    [InlineData(80)]
    [InlineData(160)]
    public async Task Plan_InATerminal_NamesWhole(int columns)
    {
        var json = Path.Combine(_dir, "plan.json");
        var arguments = $"plan --pods {Data}/workloads.yaml --nodepools {Data}/nodepools.yaml";
        await File.WriteAllTextAsync(json, (await RunAsync(arguments + " --output json", columns: null)).Output);

        var (code, screen) = await RunAsync(arguments, columns);

        Assert.Equal(0, code);
        var words = Words(screen);
        foreach (var node in JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("nodes").EnumerateArray())
        {
            Assert.Contains(node.GetProperty("instanceType").GetString()!, words);
            Assert.Contains(node.GetProperty("name").GetString()!, words);
        }
    }

    [PtyTheory]
    [InlineData(80)]
    [InlineData(160)]
    public async Task Demo_InATerminal_NoLogLineInTheLiveViewAndNamesWhole(int columns)
    {
        // A capacity fault on the cheapest offering makes the sidecar warn while the live view is drawn.
        var scenario = Path.Combine(_dir, "scenario.yaml");
        var report = Path.Combine(_dir, "report.json");
        await File.WriteAllTextAsync(scenario, """
            bootSeconds: 1
            faults:
              insufficientCapacity:
              - {instanceType: t3a.medium, zone: us-east-1a, from: 0s}
              - {instanceType: t3a.medium, zone: us-east-1b, from: 0s}
              - {instanceType: t3a.medium, zone: us-east-1c, from: 0s}
            waves:
            - count: 6
              template: {cpu: 500m, memory: 1Gi}
            """);

        var (code, screen) = await RunAsync($"demo --scenario {scenario} --port 0 --duration 60s --report {report}", columns);

        Assert.Equal(0, code);
        Assert.DoesNotMatch(LogLine(), Escape().Replace(screen, ""));
        var words = Words(screen);
        Assert.Contains("happened:", words);
        foreach (var type in JsonDocument.Parse(File.ReadAllText(report)).RootElement.GetProperty("nodes").GetProperty("byInstanceType").EnumerateObject())
        {
            Assert.True(words.Any(w => w.StartsWith(type.Name, StringComparison.Ordinal)), $"{type.Name} is not whole on the screen");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs this build's <c>extender</c>; under a pseudo-terminal of <paramref name="columns"/> when given.</summary>
    private static async Task<(int Code, string Output)> RunAsync(string arguments, int? columns)
    {
        var extender = $"dotnet {Path.Combine(AppContext.BaseDirectory, "extender.dll")} {arguments}";
        var start = columns is { } width
            ? new ProcessStartInfo("script", ["-qefc", $"stty cols {width} rows 50; exec {extender}", "/dev/null"])
            : new ProcessStartInfo("sh", ["-c", extender]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The words on the screen once escape sequences are gone (a cursor move or a colour change splits no word).</summary>
    private static HashSet<string> Words(string screen) =>
        [.. Escape().Replace(screen, " ").Split([' ', '\r', '\n', '│', '─', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries)];

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>]|\][^\x07]*\x07)")]
    private static partial Regex Escape();

    /// <summary>The console logger's shape, wherever the live view's redraw put it: <c>warn: Category[id]</c>.</summary>
    [GeneratedRegex(@"\b(trce|dbug|info|warn|fail|crit): [A-Za-z][\w.]*\[\d+\]")]
    private static partial Regex LogLine();
}

/// <summary>A theory that needs util-linux <c>script</c> for a pseudo-terminal; skipped, saying so, where it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PtyTheoryAttribute : TheoryAttribute
{
    public PtyTheoryAttribute()
    {
        if (!File.Exists("/usr/bin/script"))
        {
            Skip = "util-linux `script` is not installed: the terminal tests need a pseudo-terminal";
        }
    }
}
