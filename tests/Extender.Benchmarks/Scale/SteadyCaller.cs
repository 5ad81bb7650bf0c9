using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Benchmarks.Kubernetes;

namespace Extender.Benchmarks.Scale;

/// <summary>
/// <c>scale-steady</c>'s stand-in for kube-scheduler: calls <c>filter</c> open loop at a fixed rate, in a process of
/// its own, as kube-scheduler is. In the runner's process the caller's clock also ran through the runner's own
/// collections (a sandbox API holding 50,000 pods, with churn): about one call in a hundred was measured a few
/// milliseconds slow for a pause that was not the sidecar's. Each call is reported with the caller's own GC pause
/// during it, so what remains of that is visible.
/// </summary>
internal static class SteadyCaller
{
    public const string Command = "scale-steady-caller";

    /// <summary>One call: when it started (UTC), how long it took, whether it succeeded, and the caller's own GC pause meanwhile.</summary>
    public readonly record struct Call(DateTime Started, double Milliseconds, bool Ok, double OwnPauseMilliseconds)
    {
        public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Started.Ticks},{Milliseconds:0.000},{(Ok ? 1 : 0)},{OwnPauseMilliseconds:0.000}");

        public static Call Parse(string line)
        {
            var parts = line.Split(',');
            return new Call(
                new DateTime(long.Parse(parts[0], CultureInfo.InvariantCulture), DateTimeKind.Utc),
                double.Parse(parts[1], CultureInfo.InvariantCulture),
                parts[2] == "1",
                double.Parse(parts[3], CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Runs the caller in a child process of this build and returns its calls.</summary>
    public static async Task<IReadOnlyList<Call>> RunInChildAsync(Uri sidecar, int nodes, int rate, TimeSpan duration)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        // Under `dotnet Extender.Benchmarks.dll` the host is dotnet itself; the app is then the entry assembly.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { Command, sidecar.ToString(), Invariant(nodes), Invariant(rate), Invariant((int)duration.TotalMilliseconds) })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("the filter caller did not start");
        var calls = new List<Call>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            calls.Add(Call.Parse(line));
        }

        await child.WaitForExitAsync();
        return child.ExitCode == 0 ? calls : throw new InvalidOperationException($"the filter caller exited with {child.ExitCode}");
    }

    /// <summary>The child's side: <c>scale-steady-caller URL NODES RATE MILLISECONDS</c>, one line per call on <paramref name="output"/>.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var sidecar = new Uri(args[0]);
        var nodes = int.Parse(args[1], CultureInfo.InvariantCulture);
        var rate = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
        foreach (var call in CallFilterAsync(sidecar, nodes, rate, stop.Token).GetAwaiter().GetResult())
        {
            output.WriteLine(call.Format());
        }

        return 0;
    }

    /// <summary>Open loop: each call starts at its time whether or not the previous one has answered.</summary>
    private static async Task<Call[]> CallFilterAsync(Uri sidecar, int nodes, int rate, CancellationToken stop)
    {
        var pending = SandboxCluster.Pod(10_000_000, nodeName: null);
        pending["status"] = new JsonObject { ["phase"] = "Pending" };
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["Pod"] = pending,
            ["Nodes"] = null,
            ["NodeNames"] = new JsonArray([.. Enumerable.Range(0, nodes).Select(n => JsonValue.Create(SteadyState.NodeName(n)))]),
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri(sidecar, "scheduler/filter");
        var calls = new List<Task<Call>>();
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

        return await Task.WhenAll(calls);
    }

    private static async Task<Call> CallAsync(HttpClient http, Uri url, byte[] body)
    {
        var started = DateTime.UtcNow;
        var pausedBefore = GC.GetTotalPauseDuration();
        var clock = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await Drain(await response.Content.ReadAsStreamAsync());
            ok = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        return new Call(started, Stopwatch.GetElapsedTime(clock).TotalMilliseconds, ok, (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
    }

    // The answer (about 100 KB for 5,000 names) is read to its end into a pooled buffer rather than into a new array
    // per call, so that the caller's own collections stay rare and short.
    private static async Task Drain(Stream answer)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await answer.ReadAsync(buffer) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await answer.DisposeAsync();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
