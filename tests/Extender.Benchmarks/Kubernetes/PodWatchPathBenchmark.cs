using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Kubernetes.Client;
using Extender.Kubernetes.State;
using Extender.Kubernetes.Watching;
using Extender.Provisioning.Detection;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Extender.Benchmarks.Kubernetes;

/// <summary>
/// The sidecar's cost per pod event in a burst (issue 24): the scale benchmark's burst pods (Scale/burst.yaml's wave,
/// created through the sandbox API server as the demo creates them) are recorded once as the server's own watch
/// stream, then replayed per invocation through the real path: KubernetesClient's watch over HTTP (a handler that
/// answers with the recorded bytes), the <see cref="Reflector{T}"/>, <see cref="PodStateSink"/> (mapping,
/// <see cref="ClusterState"/>), and <see cref="PodWatchSource"/> into the <see cref="PendingPodChannel"/>. Every
/// invocation starts from an empty cluster, as a burst does; the figures are per pod event.
/// </summary>
[MemoryDiagnoser]
public class PodWatchPathBenchmark
{
    private const int Pods = 10_000;
    private static readonly DetectionOptions Detection = new() { ChannelCapacity = 2 * Pods };
    private byte[] _stream = [];

    [GlobalSetup]
    public void Setup() => _stream = RecordAsync().GetAwaiter().GetResult();

    /// <summary>Only KubernetesClient's part: each event read and deserialized into a <c>V1Pod</c>, then dropped.</summary>
    [Benchmark(OperationsPerInvoke = Pods)]
    public async Task DecodeOnly()
    {
        var sink = new DroppingSink(Pods);
        await ReplayAsync(sink, sink.All);
    }

    /// <summary>Every pod of the burst arrives as an ADDED event, as in the first seconds of the scale run.</summary>
    [Benchmark(OperationsPerInvoke = Pods)]
    public async Task BurstAdded()
    {
        var state = new ClusterState();
        var ledger = new ReservationLedger();
        var options = Options.Create(Detection);
        var channel = new PendingPodChannel(options, ledger, TimeProvider.System);
        var watch = new PodWatchSource(channel, ledger, new LeftToScheduler(options, TimeProvider.System), options, TimeProvider.System);
        var seen = new CountingObserver(watch, Pods);
        var sink = new PodStateSink(state, [seen], NullLogger<PodStateSink>.Instance);
        await ReplayAsync(sink, seen.All);
        if (channel.Count != Pods)
        {
            throw new InvalidOperationException($"{channel.Count} of {Pods} pods reached the channel");
        }
    }

    private async Task ReplayAsync(IResourceSink<k8s.Models.V1Pod> sink, Task all)
    {
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://recorded" }, new Replay(_stream));
        var reflector = new Reflector<k8s.Models.V1Pod>(
            ListWatchSources.Pods(client), sink, new KubernetesOptions(), TimeProvider.System, NullLogger.Instance, new Random(1));
        using var stop = new CancellationTokenSource();
        var run = reflector.RunAsync(stop.Token);
        await all.WaitAsync(TimeSpan.FromMinutes(1));
        await stop.CancelAsync();
        await run;
    }

    /// <summary>The sandbox server's watch stream of the burst's creation, bytes as the sidecar receives them.</summary>
    private static async Task<byte[]> RecordAsync()
    {
        await using var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { HistoryWindow = 2 * Pods });
        var scenario = ScenarioLoader.Parse(Template("burst.yaml").Replace("count: 10000", $"count: {Pods}", StringComparison.Ordinal), "burst.yaml");
        var wave = scenario.Waves[0];
        var from = api.ResourceVersion;
        using var client = new k8s.Kubernetes(api.ClientConfiguration());
        foreach (var chunk in WavePods.Build(wave).Chunk(200))
        {
            await Task.WhenAll(chunk.Select(p => client.CoreV1.CreateNamespacedPodAsync(p, p.Metadata.NamespaceProperty ?? wave.Namespace)));
        }

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sandbox");
        var url = new Uri(api.Url, $"/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion={from}&timeoutSeconds=2");
        var bytes = await http.GetByteArrayAsync(url);
        var events = bytes.Count(b => b == (byte)'\n');
        Console.WriteLine($"// pod-watch: recorded {events} events, {bytes.Length / (double)events:F0} bytes each");
        return bytes;
    }

    private static string Template(string name)
    {
        using var stream = typeof(PodWatchPathBenchmark).Assembly.GetManifestResourceStream($"Extender.Benchmarks.Scale.{name}")
            ?? throw new InvalidOperationException($"embedded scenario {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Answers the list with no pods and every watch with the recorded stream (then its end).</summary>
    private sealed class Replay(byte[] stream) : DelegatingHandler
    {
        private static readonly byte[] EmptyList = Encoding.UTF8.GetBytes("""{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var watch = request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal);
            var content = new ByteArrayContent(watch ? stream : EmptyList);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>Counts the pods and keeps none.</summary>
    private sealed class DroppingSink(int expected) : IResourceSink<k8s.Models.V1Pod>, IReplacement<k8s.Models.V1Pod>
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public Task All => _all.Task;

        public IReplacement<k8s.Models.V1Pod> BeginReplace() => this;

        public void Add(k8s.Models.V1Pod item)
        {
        }

        public void Commit()
        {
        }

        public void Upsert(k8s.Models.V1Pod item)
        {
            if (++_seen == expected)
            {
                _all.TrySetResult();
            }
        }

        public void Delete(k8s.Models.V1Pod item)
        {
        }
    }

    /// <summary>The provisioner's observer (pods only) that also says when the whole burst has gone through.</summary>
    private sealed class CountingObserver(PodWatchSource pods, int expected) : IClusterObserver
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public Task All => _all.Task;

        public void OnNodeChanging(Node node)
        {
        }

        public void OnNodeDeleted(Node node)
        {
        }

        public void OnPodChanged(Pod pod)
        {
            pods.OnPodChanged(pod);
            if (++_seen == expected)
            {
                _all.TrySetResult();
            }
        }

        public void OnPodDeleted(Pod pod) => pods.OnPodDeleted(pod.Uid);
    }
}
