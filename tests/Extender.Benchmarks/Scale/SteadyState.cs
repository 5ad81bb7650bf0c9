using System.Diagnostics;
using System.Globalization;
using Extender.Benchmarks.Kubernetes;
using Extender.Benchmarks.Planning;
using Extender.Demo;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;

namespace Extender.Benchmarks.Scale;

/// <summary>
/// The sidecar alone on a large, busy cluster (issue 24's steady state): the published <c>extender run</c> in its own
/// process against a sandbox API seeded with nodes and bound pods, while pods are updated, deleted and created and
/// <c>filter</c> is called at a fixed rate with every node's name (<c>nodeCacheCapable</c>, as kube-scheduler sends it).
/// Filter latency is measured at the caller (loopback HTTP included), open loop: a slow answer does not delay the next
/// call. The sandbox, the churn and the caller run in this process, so the sidecar's CPU and memory are its own.
/// </summary>
internal static class SteadyState
{
    public const string Usage = """
        scale-steady: the sidecar alone at steady state (issue 24).
        usage: scale-steady [--nodes 5000] [--pods 50000] [--seconds 60] [--rate 100] [--churn 100]
          --nodes    nodes in the sandbox cluster
          --pods     pods bound to them (spread evenly)
          --seconds  how long filter is called and pods churn, after the sidecar is ready
          --rate     filter calls per second, each naming every node
          --churn    pod changes per second: half updates (a label), half a pod deleted and a new one bound
          --calls    a file to write every filter call to (start UTC ticks, ms, ok, the caller's own GC pause ms),
                     to line up slow calls with a trace of the sidecar
        Publish first: dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish
        """;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["--nodes"] = 5000, ["--pods"] = 50000, ["--seconds"] = 60, ["--rate"] = 100, ["--churn"] = 100 };
        string? callLog = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return 0;
            }

            if (args[i] == "--calls")
            {
                if (i + 1 >= args.Count)
                {
                    error.WriteLine("scale-steady: --calls needs a file name");
                    return 2;
                }

                callLog = args[++i];
                continue;
            }

            if (!values.ContainsKey(args[i]))
            {
                error.WriteLine($"scale-steady: {args[i]}: unknown argument (see scale-steady --help)");
                return 2;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 1_000_000)
            {
                error.WriteLine($"scale-steady: {args[i]} needs a whole number from 1 to 1000000");
                return 2;
            }

            values[args[i]] = value;
            i++;
        }

        string app;
        try
        {
            app = PlanEndToEnd.PublishedApp();
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"scale-steady: {e.Message}");
            return 2;
        }

        output.WriteLine(RunAsync(app, values["--nodes"], values["--pods"], TimeSpan.FromSeconds(values["--seconds"]), values["--rate"], values["--churn"], callLog).GetAwaiter().GetResult());
        return 0;
    }

    private static async Task<string> RunAsync(string app, int nodes, int pods, TimeSpan duration, int rate, int churn, string? callLog)
    {
        var loadBefore = PlanEndToEnd.LoadAverage();
        await using var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { HistoryWindow = 10_000 });
        await using var ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options(), CancellationToken.None);
        for (var n = 0; n < nodes; n++)
        {
            api.Upsert(SandboxCluster.Node(n));
        }

        for (var p = 0; p < pods; p++)
        {
            api.Upsert(SandboxCluster.Pod(p, NodeName(p % nodes)));
        }

        var kubeconfig = Path.Combine(Path.GetTempPath(), $"scale-steady-{Environment.ProcessId}.kubeconfig");
        api.WriteKubeconfig(kubeconfig);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            ["Aws:Region"] = "us-east-1",
            ["Aws:EndpointOverride"] = ec2.Url.ToString(),
            ["Aws:AccessKeyId"] = "sandbox",
            ["Aws:SecretAccessKey"] = "sandbox",
            ["Aws:ClusterName"] = api.Cluster.Name,
            ["Aws:ClusterEndpoint"] = api.Cluster.Endpoint,
            ["Aws:ClusterCertificateAuthority"] = api.Cluster.CertificateAuthority,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var clock = Stopwatch.StartNew();
        await using var sidecar = await SidecarProcess.StartAsync(settings, 0, app, CancellationToken.None);
        var ready = clock.Elapsed;
        sidecar.MarkWorkloadStart();

        // The churn lasts as long as the caller, whose process takes a moment to start.
        using var stop = new CancellationTokenSource();
        var collectionsBefore = await SidecarCollectionsAsync(sidecar.ProbesUrl);
        var churnClock = Stopwatch.StartNew();
        var churned = ChurnAsync(api, nodes, pods, churn, stop.Token);
        var calls = await SteadyCaller.RunInChildAsync(sidecar.Url, nodes, rate, duration);
        await stop.CancelAsync();
        var changes = await churned;
        var churnTime = churnClock.Elapsed;
        var collections = (await SidecarCollectionsAsync(sidecar.ProbesUrl)).Zip(collectionsBefore, (after, before) => after - before).ToArray();
        var serverP99 = await FilterLatency.P99MillisecondsAsync(sidecar.ProbesUrl, CancellationToken.None);
        var usage = sidecar.Finish();
        await sidecar.StopAsync();
        File.Delete(kubeconfig);

        if (callLog is not null)
        {
            await File.WriteAllLinesAsync(callLog, calls.Select(c => c.Format()));
        }

        var ok = calls.Where(c => c.Ok).Select(c => c.Milliseconds).Order().ToArray();
        var failed = calls.Count - ok.Length;
        var stalledByCaller = calls.Count(c => c.OwnPauseMilliseconds >= 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"steady state: {nodes} nodes, {pods} pods; sidecar ready after {ready.TotalSeconds:0.0} s; {duration.TotalSeconds:0} s at {rate} filter calls/s and {changes / churnTime.TotalSeconds:0} pod changes/s; " +
            $"filter at the caller p50 {Rank(ok, 0.50):0.00} / p99 {Rank(ok, 0.99):0.00} / max {(ok.Length == 0 ? 0 : ok[^1]):0.00} ms over {ok.Length} calls ({failed} failed; {stalledByCaller} spanned a pause of the caller's own GC ≥ 1 ms); server histogram p99 ≤ {serverP99} ms; " +
            $"sidecar CPU {usage.CpuSeconds:0.0} s in the steady phase ({100 * usage.CpuSeconds / duration.TotalSeconds:0}% of a core), {usage.StartupCpuSeconds:0.0} s to start and sync; sidecar GCs in the steady phase gen0 / gen1 / gen2 {string.Join(" / ", collections)}; " +
            $"working set peak {usage.PeakWorkingSetMegabytes:0} MB, at end {usage.WorkingSetAtEndMegabytes:0} MB; load average {loadBefore} → {PlanEndToEnd.LoadAverage()}");
    }

    internal static string NodeName(int index) => $"ip-10-0-{index / 250}-{index % 250}";

    /// <summary>The sidecar's collections so far by generation (gen0, gen1, gen2), from its own metrics.</summary>
    private static async Task<double[]> SidecarCollectionsAsync(Uri probes)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri(probes, "metrics"));
        return [.. Enumerable.Range(0, 3).Select(generation => Collections(text, generation))];
    }

    private static double Collections(string exposition, int generation)
    {
        var prefix = $"dotnet_collection_count_total{{generation=\"{generation}\"}} ";
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Pod changes at <paramref name="perSecond"/>, alternating a label update and a delete with a new pod bound.</summary>
    private static async Task<long> ChurnAsync(SandboxApiServer api, int nodes, int pods, int perSecond, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        var nextNew = pods;
        var generation = 0;
        var random = new Random(24);
        while (!stop.IsCancellationRequested)
        {
            for (var due = (long)(clock.Elapsed.TotalSeconds * perSecond); done < due; done++)
            {
                if (done % 2 == 0)
                {
                    var index = random.Next(pods);
                    api.Upsert(SandboxCluster.Pod(index, NodeName(index % nodes), ++generation));
                }
                else
                {
                    // The delete takes a pod from the seeded range, which may already be gone: only new ones are added.
                    var gone = random.Next(pods);
                    var pod = SandboxCluster.Pod(gone, null);
                    api.Delete("v1", "Pod", (string)pod["metadata"]!["namespace"]!, (string)pod["metadata"]!["name"]!);
                    api.Upsert(SandboxCluster.Pod(nextNew, NodeName(nextNew % nodes)));
                    nextNew++;
                }
            }

            try
            {
                await Task.Delay(Tick, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return done;
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
