using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        Publish first: dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish
        """;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal) { ["--nodes"] = 5000, ["--pods"] = 50000, ["--seconds"] = 60, ["--rate"] = 100, ["--churn"] = 100 };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                output.WriteLine(Usage);
                return 0;
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

        output.WriteLine(RunAsync(app, values["--nodes"], values["--pods"], TimeSpan.FromSeconds(values["--seconds"]), values["--rate"], values["--churn"]).GetAwaiter().GetResult());
        return 0;
    }

    private static async Task<string> RunAsync(string app, int nodes, int pods, TimeSpan duration, int rate, int churn)
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

        using var stop = new CancellationTokenSource(duration);
        var churned = ChurnAsync(api, nodes, pods, churn, stop.Token);
        var latencies = await CallFilterAsync(sidecar.Url, nodes, rate, stop.Token);
        var changes = await churned;
        var serverP99 = await FilterLatency.P99MillisecondsAsync(sidecar.ProbesUrl, CancellationToken.None);
        var usage = sidecar.Finish();
        await sidecar.StopAsync();
        File.Delete(kubeconfig);

        var ok = latencies.Where(l => l.Ok).Select(l => l.Milliseconds).Order().ToArray();
        var failed = latencies.Count - ok.Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"steady state: {nodes} nodes, {pods} pods; sidecar ready after {ready.TotalSeconds:0.0} s; {duration.TotalSeconds:0} s at {rate} filter calls/s and {changes / duration.TotalSeconds:0} pod changes/s; " +
            $"filter at the caller p50 {Rank(ok, 0.50):0.00} / p99 {Rank(ok, 0.99):0.00} / max {(ok.Length == 0 ? 0 : ok[^1]):0.00} ms over {ok.Length} calls ({failed} failed); server histogram p99 ≤ {serverP99} ms; " +
            $"sidecar CPU {usage.CpuSeconds:0.0} s in the steady phase ({100 * usage.CpuSeconds / duration.TotalSeconds:0}% of a core), {usage.StartupCpuSeconds:0.0} s to start and sync; " +
            $"working set peak {usage.PeakWorkingSetMegabytes:0} MB, at end {usage.WorkingSetAtEndMegabytes:0} MB; load average {loadBefore} → {PlanEndToEnd.LoadAverage()}");
    }

    private static string NodeName(int index) => $"ip-10-0-{index / 250}-{index % 250}";

    /// <summary>Open loop: each call starts at its time whether or not the previous one has answered.</summary>
    private static async Task<List<(bool Ok, double Milliseconds)>> CallFilterAsync(Uri sidecar, int nodes, int rate, CancellationToken stop)
    {
        var pending = SandboxCluster.Pod(10_000_000, nodeName: null);
        pending["status"] = new JsonObject { ["phase"] = "Pending" };
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Pod"] = pending,
            ["Nodes"] = null,
            ["NodeNames"] = new JsonArray([.. Enumerable.Range(0, nodes).Select(n => JsonValue.Create(NodeName(n)))]),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri(sidecar, "scheduler/filter");
        var calls = new List<Task<(bool, double)>>();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        for (var next = TimeSpan.Zero; !stop.IsCancellationRequested; next += interval)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            calls.Add(CallAsync(http, url, body));
        }

        return [.. await Task.WhenAll(calls)];
    }

    private static async Task<(bool, double)> CallAsync(HttpClient http, Uri url, byte[] body)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(url, content);
            await response.Content.ReadAsByteArrayAsync();
            return (response.IsSuccessStatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (false, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (TaskCanceledException)
        {
            return (false, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
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
