using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// Times the <c>plan</c> command the way a user runs it: a fresh process of the published app
/// (<c>artifacts/publish/extender plan --pods FILE --output json</c>), so startup, JIT, YAML parsing, mapping, catalog,
/// planning and JSON output all count, on a generated <c>kubectl get pods -A -o yaml</c>-style file of the reference
/// workload's pods. Publish first: <c>dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish</c>.
/// </summary>
internal static class PlanEndToEnd
{
    private const int Runs = 7;

    public static void Run(TextWriter output, int podCount)
    {
        var app = PublishedApp();
        var path = Path.Combine(Path.GetTempPath(), $"plan-e2e-{podCount}.yaml");
        File.WriteAllText(path, KubectlList(podCount));
        try
        {
            var times = new List<double>();
            for (var round = 1; round <= Runs; round++)
            {
                var (elapsed, solve) = RunOnce(app, path);
                times.Add(elapsed);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan on {podCount} pods, run {round}: {elapsed:0} ms end to end (fresh process), of which {solve:0} ms planning"));
            }

            times.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"plan on {podCount} pods: median {times[Runs / 2]:0} ms end to end over {Runs} fresh processes (min {times[0]:0}, max {times[^1]:0}); load average {LoadAverage()}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (double Elapsed, double Solve) RunOnce(string app, string podsPath)
    {
        var start = new ProcessStartInfo(app) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "plan", "--pods", podsPath, "--output", "json" })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {app}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"plan exited with {process.ExitCode}: {stderr.Result}");
        }

        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        return (elapsed, json.RootElement.GetProperty("solveMilliseconds").GetDouble());
    }

    internal static string PublishedApp()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Extender.sln")))
            {
                var app = Path.Combine(dir.FullName, "artifacts", "publish", OperatingSystem.IsWindows() ? "extender.exe" : "extender");
                return File.Exists(app)
                    ? app
                    : throw new InvalidOperationException($"{app} not found: run 'dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish' first");
            }
        }

        throw new InvalidOperationException("the repository root (Extender.sln) was not found above " + AppContext.BaseDirectory);
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string KubectlList(int count)
    {
        var text = new StringBuilder("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n");
        foreach (var pod in ReferenceWorkload.Pods(count))
        {
            var kind = pod.Labels["kind"];
            text.Append("- apiVersion: v1\n  kind: Pod\n  metadata:\n")
                .Append(CultureInfo.InvariantCulture, $"    name: {pod.Name}\n    namespace: default\n    uid: {pod.Uid}\n    labels: {{kind: {kind}}}\n")
                .Append("  spec:\n    containers:\n    - name: app\n      image: app\n      resources:\n")
                .Append(CultureInfo.InvariantCulture, $"        requests: {{cpu: {pod.Requests["cpu"]}m, memory: \"{pod.Requests["memory"] / 1000}\"}}\n")
                .Append(Constraint(kind))
                .Append("  status:\n    phase: Pending\n");
        }

        return text.ToString();
    }

    private static string Constraint(string kind) => kind switch
    {
        "zone-spread" => Spread(kind, "topology.kubernetes.io/zone"),
        "host-spread" => Spread(kind, "kubernetes.io/hostname"),
        "zone-affinity" => Affinity("podAffinity", kind, "topology.kubernetes.io/zone"),
        "host-anti" => Affinity("podAntiAffinity", kind, "kubernetes.io/hostname"),
        _ => "",
    };

    private static string Spread(string kind, string key) =>
        $"    topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: {key}\n      whenUnsatisfiable: DoNotSchedule\n      labelSelector: {{matchLabels: {{kind: {kind}}}}}\n";

    private static string Affinity(string field, string kind, string key) =>
        $"    affinity:\n      {field}:\n        requiredDuringSchedulingIgnoredDuringExecution:\n        - topologyKey: {key}\n          labelSelector: {{matchLabels: {{kind: {kind}}}}}\n";
}
