using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Extender.Benchmarks.Planning;
using Extender.Diagnostics;
using Extender.Sandbox.Demo;

namespace Extender.Benchmarks.Scale;

/// <summary>
/// Bursts of 1k to 20k pods, each through a fresh process of the published <c>demo --sidecar-process</c>: the sandbox
/// (API server, EC2, scheduler stand-in, kubelets, workload) in the demo's process and the real sidecar in its own, so
/// its CPU-seconds and peak working set are its own. One line per run as it ends, then a table of every run.
/// </summary>
internal static partial class ScaleBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // A run that outlives its own --duration by this much is stuck in the demo itself, not in provisioning.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var options = ScaleOptions.Parse(args, out var problem);
        if (options is null)
        {
            error.WriteLine($"scale: {problem}");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(ScaleOptions.Usage);
            return 0;
        }

        string app;
        try
        {
            app = PlanEndToEnd.PublishedApp();
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"scale: {e.Message}");
            return 2;
        }

        var dir = options.Out ?? Path.Combine(Path.GetTempPath(), $"scale-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(dir);
        output.WriteLine($"scale: reports, demo logs and scenarios in {dir}");
        var cases = options.Pods.Select(n => (Label: Invariant($"burst {n}"), Pods: n, Scenario: Burst(n)))
            .Concat(options.Mixed > 0 ? [(Label: Invariant($"mixed {options.Mixed}"), Pods: options.Mixed, Scenario: Mixed(options.Mixed))] : [])
            .ToList();
        var rows = new List<string>();
        foreach (var (label, pods, scenario) in cases)
        {
            var scenarioPath = Path.Combine(dir, label.Replace(' ', '-') + ".yaml");
            File.WriteAllText(scenarioPath, scenario);
            var duration = options.DurationSeconds ?? 60 + (pods / 50);
            for (var run = 1; run <= options.Runs; run++)
            {
                var row = RunOnce(app, dir, label, run, scenarioPath, duration);
                rows.Add(row);
                output.WriteLine(row);
            }
        }

        output.WriteLine();
        output.WriteLine("| burst | run | load 1 min (start → end) | detection → launch p50 / p90 / p99 / max (ms) | covered after first pod (ms); last after last pod (ms) | last detection after last pod (ms) | detection behind a plain watch p50 / p99 / max (ms) | pending → bound p50 / p99 (s) | all bound (stuck) | on reserved node | nodes | sidecar CPU-s (start-up); per 1k pods | sidecar peak working set (MB) | duration (s) |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }

        return 0;
    }

    private static string RunOnce(string app, string dir, string label, int run, string scenarioPath, int durationSeconds)
    {
        var stem = Path.Combine(dir, Invariant($"{label.Replace(' ', '-')}-run{run}"));
        var reportPath = stem + ".json";
        File.Delete(reportPath);
        var start = new ProcessStartInfo(app) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var kubeconfig = stem + ".kubeconfig";
        File.Delete(kubeconfig);
        foreach (var argument in (string[])["demo", "--scenario", scenarioPath, "--sidecar-process", "--port", "0", "--duration", Invariant($"{durationSeconds}s"), "--report", reportPath, "--kubeconfig-out", kubeconfig])
        {
            start.ArgumentList.Add(argument);
        }

        var loadBefore = OneMinuteLoad();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {app}");
        var plainWatch = new PlainWatch();
        using var stopWatching = new CancellationTokenSource();
        var watching = plainWatch.RunAsync(kubeconfig, stopWatching.Token);
        using (var log = new StreamWriter(stem + ".log"))
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(durationSeconds) + Grace))
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            log.Write(stdout.Result);
            log.Write(stderr.Result);
        }

        stopWatching.Cancel();
        watching.GetAwaiter().GetResult();
        var loadAfter = OneMinuteLoad();
        if (!File.Exists(reportPath))
        {
            return $"| {label} | {run} | {loadBefore} → {loadAfter} | no report: the demo exited with {process.ExitCode}, see {stem}.log | | | | | | | | | | |";
        }

        var report = JsonSerializer.Deserialize<DemoReport>(File.ReadAllText(reportPath), Json)!;
        var launchLog = Path.ChangeExtension(reportPath, ".launches.tsv");
        var launches = File.Exists(launchLog)
            ? File.ReadLines(launchLog).Select(l => LaunchLogLine.TryParse(l, out var line) ? line : null).OfType<LaunchLogLine>().ToList()
            : [];
        return Row(label, run, loadBefore, loadAfter, report, LastDetectionAfterLastPod(launches, report), BehindPlainWatch(launches, plainWatch.Added));
    }

    /// <summary>
    /// Each launched pod's detection by the sidecar after its ADDED event reached the plain watch beside it (ms): the
    /// sidecar's own watch path, apart from the sandbox's pace. Null when no pod was in both.
    /// </summary>
    internal static Percentiles? BehindPlainWatch(IReadOnlyList<LaunchLogLine> launches, IReadOnlyDictionary<string, DateTimeOffset> added)
    {
        var behind = launches.Where(l => added.ContainsKey(l.PodUid)).Select(l => (l.DetectedAt - added[l.PodUid]).TotalMilliseconds).ToList();
        return behind.Count == 0 ? null : Percentiles.Of(behind);
    }

    /// <summary>
    /// How long after the last pod's creation the sidecar detected the last pod it launched for (issue 24: in a flood,
    /// detection falling behind creation is the tail of "covered"). The report gives the last launch after the last
    /// creation; the launch log, beside it, the absolute times of both launch and detection. Null when the log is
    /// empty or the last launch came before the last creation (a last pod that fit existing room).
    /// </summary>
    internal static double? LastDetectionAfterLastPod(IReadOnlyList<LaunchLogLine> launches, DemoReport report)
    {
        if (launches.Count == 0 || report.LastLaunchAfterLastPodMilliseconds is not { } after || after <= 0)
        {
            return null;
        }

        var lastCreated = launches.Max(l => l.LaunchedAt) - TimeSpan.FromMilliseconds(after);
        return Math.Round((launches.Max(l => l.DetectedAt) - lastCreated).TotalMilliseconds, 1);
    }

    private static string Row(string label, int run, string loadBefore, string loadAfter, DemoReport r, double? lastDetection, Percentiles? behind)
    {
        var d = r.DetectionToLaunchMilliseconds;
        var p = r.Pods;
        // A pod that found room on a node already up never needs covering; a stranded one never gets it: both are counted.
        var covered = Invariant($"{r.CoveredMilliseconds:0}; {r.LastLaunchAfterLastPodMilliseconds:0}") + (r.UncoveredPods is null or 0 ? "" : Invariant($" ({r.UncoveredPods} never covered)"));
        var sidecar = r.Sidecar is { } s
            ? (Invariant($"{s.CpuSeconds:0.0} ({s.StartupCpuSeconds:0.0}); {1000 * s.CpuSeconds / Math.Max(1, p.Created):0.00}"), Invariant($"{s.PeakWorkingSetMegabytes:0}"))
            : ("n/a", "n/a");
        return Invariant($"| {label} | {run} | {loadBefore} → {loadAfter} | {d.P50:0} / {d.P90:0} / {d.P99:0} / {d.Max:0} | {covered} | {(lastDetection is { } lag ? Invariant($"{lag:0}") : "n/a")} | {(behind is { } b ? Invariant($"{b.P50:0} / {b.P99:0} / {b.Max:0}") : "n/a")} | {r.PendingToBoundMilliseconds.P50 / 1000:0.0} / {r.PendingToBoundMilliseconds.P99 / 1000:0.0} | {(p.PendingAtEnd == 0 && p.Bound == p.Created ? "yes" : "no")} ({p.PendingAtEnd}) | {p.BoundToReservedNode} ({100.0 * p.BoundToReservedNode / Math.Max(1, p.Bound):0.0}%) | {r.Nodes.Launched} ({r.Nodes.Unused} unused) | {sidecar.Item1} | {sidecar.Item2} | {r.DurationSeconds:0.0} |");
    }

    private static string Burst(int pods) => WaveCount().Replace(Template("burst.yaml"), Invariant($"count: {pods}"), 1);

    /// <summary>mixed.yaml's wave counts scaled to <paramref name="pods"/> in all; the last wave takes the rounding.</summary>
    private static string Mixed(int pods)
    {
        var text = Template("mixed.yaml");
        var counts = WaveCount().Matches(text).Select(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)).ToList();
        var total = counts.Sum();
        var scaled = counts.Select(c => (int)((long)c * pods / total)).ToList();
        scaled[^1] += pods - scaled.Sum();
        var index = 0;
        return WaveCount().Replace(text, _ => Invariant($"count: {scaled[index++]}"));
    }

    private static string Template(string name)
    {
        using var stream = typeof(ScaleBenchmark).Assembly.GetManifestResourceStream($"Extender.Benchmarks.Scale.{name}")
            ?? throw new InvalidOperationException($"embedded scenario {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string OneMinuteLoad() => PlanEndToEnd.LoadAverage().Split(' ')[0];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<=^  )count: (?<n>\d+)", RegexOptions.Multiline)]
    private static partial Regex WaveCount();
}
