using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Extender.Demo;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;
using Extender.Tests.Endpoints;
using Extender.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Extender.Tests.Security;

/// <summary>
/// Sixty callers each declare a 16 MiB body and then send it slowly: the sidecar's managed heap must not follow the
/// declared lengths (before this was bounded it took about 700 MB, and under a 1 GiB container's heap limit the
/// allocations failed with OutOfMemoryException and 500s). The sidecar runs as its own process (<c>extender run</c>,
/// against the sandbox API and EC2), under the GC heap hard limit a 1 GiB memory limit gives it, and its heap is read
/// from its own <c>/metrics</c> (<c>dotnet_total_memory_bytes</c>, GC.GetTotalMemory) while a normal <c>filter</c> and
/// <c>/healthz</c> must keep answering.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SlowBodyHeapTests(ITestOutputHelper output)
{
    private const int Connections = 60;
    private const int DeclaredBytes = 16 * 1024 * 1024;
    private const long HeapGrowthLimit = 150L * 1024 * 1024;

    /// <summary>Above the server's minimum body rate (16 KiB/s), so Kestrel keeps the connections open while we measure.</summary>
    private const int BytesPerSecond = 24 * 1024;

    private static readonly TimeSpan Attack = TimeSpan.FromSeconds(10);

    /// <summary>Wide: a loaded shared machine; the point is that answers come, not how fast.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SlowBodies_SixtyDeclaring16MiB_HeapGrowsUnder150MBAndFilterAndHealthzKeepAnswering()
    {
        await using var api = await SandboxApiServer.StartAsync(0, CancellationToken.None);
        await using var ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options(), CancellationToken.None);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"extender-heap-{Guid.NewGuid():N}.kubeconfig");
        api.WriteKubeconfig(kubeconfig);
        try
        {
            await using var sidecar = await SidecarProcess.StartAsync(
                Settings(api, ec2, kubeconfig),
                port: 0,
                executable: Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "extender.exe" : "extender"),
                CancellationToken.None,
                new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" });
            // The Deployment's workstation GC, not the binary's default server GC, whose heaps would be the ones measured.
            if (OperatingSystem.IsLinux())
            {
                Assert.DoesNotContain(".NET Server GC", ThreadNames(sidecar.Pid));
            }

            using var probes = new HttpClient { BaseAddress = sidecar.ProbesUrl, Timeout = AnswerWithin };
            using var verbs = new HttpClient { BaseAddress = sidecar.Url, Timeout = AnswerWithin };
            Assert.Equal(HttpStatusCode.OK, (await PostFilterAsync(verbs)).Status);
            var baseline = await HeapBytesAsync(probes);

            using var stop = new CancellationTokenSource(Attack);
            var attackers = Enumerable.Range(0, Connections).Select(_ => SendSlowlyAsync(sidecar.Url.Port, stop.Token)).ToList();
            var peak = baseline;
            var answers = new List<string>();
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None);
                peak = Math.Max(peak, await HeapBytesAsync(probes));
                var filter = await PostFilterAsync(verbs);
                var health = await probes.GetAsync(new Uri("/healthz", UriKind.Relative));
                answers.Add($"filter {(int)filter.Status} in {filter.Elapsed.TotalMilliseconds:0} ms, healthz {(int)health.StatusCode}");
                Assert.Equal(HttpStatusCode.OK, filter.Status);
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            var senders = await Task.WhenAll(attackers);
            var growth = peak - baseline;
            var closed = senders.Count(s => s.ClosedByServer);
            output.WriteLine($"managed heap: baseline {Mb(baseline)} MB, peak {Mb(peak)} MB, growth {Mb(growth)} MB under {Connections} slow connections ({Mb(senders.Sum(s => s.Sent))} MB sent in all, {closed} closed by the server for sending too slowly)");
            output.WriteLine(string.Join(Environment.NewLine, answers));
            // The measurement means something only while the connections are held open and hold their buffers.
            Assert.True(closed <= Connections / 2, $"{closed} of {Connections} slow connections were closed before the end");
            Assert.True(growth < HeapGrowthLimit, $"managed heap grew by {Mb(growth)} MB");
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static Dictionary<string, string?> Settings(SandboxApiServer api, SandboxEc2Server ec2, string kubeconfig) => new()
    {
        ["Kubernetes:Kubeconfig"] = kubeconfig,
        ["Kubernetes:LeaderElection:LeaseNamespace"] = "default",
        ["Aws:Region"] = "us-east-1",
        ["Aws:EndpointOverride"] = ec2.Url.ToString(),
        ["Aws:AccessKeyId"] = "sandbox",
        ["Aws:SecretAccessKey"] = "sandbox",
        ["Aws:ClusterName"] = api.Cluster.Name,
        ["Aws:ClusterEndpoint"] = api.Cluster.Endpoint,
        ["Aws:ClusterCertificateAuthority"] = api.Cluster.CertificateAuthority,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>
    /// Headers declaring 16 MiB, then the body at <see cref="BytesPerSecond"/> on average (what a delay on a loaded
    /// machine held back is sent with the next chunk) until stopped or closed by the server.
    /// </summary>
    private static async Task<SlowSender> SendSlowlyAsync(int port, CancellationToken stop)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, CancellationToken.None);
        var stream = tcp.GetStream();
        var headers = $"POST /scheduler/filter HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {DeclaredBytes}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), CancellationToken.None);
        var spaces = new byte[BytesPerSecond];
        spaces.AsSpan().Fill((byte)' ');
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var owed = (long)(clock.Elapsed.TotalSeconds * BytesPerSecond) - sent;
                var chunk = (int)Math.Clamp(owed, 0, spaces.Length);
                await stream.WriteAsync(spaces.AsMemory(0, chunk), CancellationToken.None);
                sent += chunk;
                await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Measured long enough.
        }
        catch (IOException)
        {
            return new SlowSender(sent, ClosedByServer: true);
        }

        return new SlowSender(sent, ClosedByServer: false);
    }

    private static async Task<(HttpStatusCode Status, TimeSpan Elapsed)> PostFilterAsync(HttpClient verbs)
    {
        var clock = Stopwatch.StartNew();
        using var content = new StringContent(Fixtures.Read("filter-request-nodecachecapable.json"), Encoding.UTF8, "application/json");
        using var response = await verbs.PostAsync(new Uri("/scheduler/filter", UriKind.Relative), content);
        await response.Content.ReadAsStringAsync();
        return (response.StatusCode, clock.Elapsed);
    }

    private static async Task<long> HeapBytesAsync(HttpClient probes)
    {
        var metrics = await probes.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = metrics.Split('\n').Single(l => l.StartsWith("dotnet_total_memory_bytes ", StringComparison.Ordinal));
        return (long)double.Parse(line["dotnet_total_memory_bytes ".Length..], CultureInfo.InvariantCulture);
    }

    private sealed record SlowSender(long Sent, bool ClosedByServer);

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static List<string> ThreadNames(int pid) =>
        [.. Directory.GetDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim())];
}
