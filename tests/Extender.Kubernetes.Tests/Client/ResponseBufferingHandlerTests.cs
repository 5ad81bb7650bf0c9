using System.Net;
using System.Text;
using Extender.Kubernetes.Client;
using k8s;

namespace Extender.Kubernetes.Tests.Client;

/// <summary>
/// The client as <see cref="KubernetesClientFactory"/> builds its handlers, over a stand-in network whose bodies arrive
/// after their headers, as a busy API server's do.
/// </summary>
public sealed class ResponseBufferingHandlerTests
{
    private const string Pod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"default","uid":"u1"}}""";

    [Fact]
    public async Task Read_BodyArrivesLate_IsNeverReadSynchronouslyFromTheNetwork()
    {
        var body = new LateBody(Encoding.UTF8.GetBytes(Pod), endless: false);
        using var client = Client(body);

        // Off the test's thread: unbuffered, the client's synchronous read would block the caller before it returns.
        var read = Task.Run(() => client.CoreV1.ReadNamespacedPodAsync("p1", "default"));
        await body.Requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        body.Arrive();
        var pod = await read.WaitAsync(TimeSpan.FromSeconds(10));

        // KubernetesClient deserializes a response with a synchronous read: of the network, that blocks a thread-pool
        // thread until the body comes; of the buffered copy, it does not.
        Assert.Equal("p1", pod.Metadata.Name);
        Assert.Equal(0, body.SyncReads);
    }

    [Fact]
    public async Task Watch_BodyNeverEnds_EventsArriveAsTheyCome()
    {
        var body = new LateBody(Encoding.UTF8.GetBytes($$"""{"type":"ADDED","object":{{Pod}}}""" + "\n"), endless: true);
        using var client = Client(body);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        body.Arrive();
        await using var events = client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
        var first = await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        // Buffered, a watch would wait for the end of a body that has none.
        Assert.True(first);
        Assert.Equal("p1", events.Current.Item2.Metadata.Name);
        await stop.CancelAsync();
    }

    private static k8s.Kubernetes Client(LateBody body) => new(
        new KubernetesClientConfiguration { Host = "http://api.test" },
        [.. KubernetesClientFactory.Handlers(new KubernetesOptions(), KubernetesLane.Reads), new Network(body)]);

    /// <summary>Answers every request with headers at once and <paramref name="body"/> as its content.</summary>
    private sealed class Network(LateBody body) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            body.Requested.TrySetResult();
            var content = new StreamContent(body);
            content.Headers.ContentType = new("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A network stream whose bytes come once <see cref="Arrive"/> is called; counts synchronous reads.</summary>
    private sealed class LateBody(byte[] bytes, bool endless) : Stream
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;
        private int _syncReads;

        public TaskCompletionSource Requested { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int SyncReads => Volatile.Read(ref _syncReads);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Arrive() => _arrived.TrySetResult();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _syncReads);
            _arrived.Task.Wait(TimeSpan.FromSeconds(10));
            return Take(buffer.AsSpan(offset, count));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _arrived.Task.WaitAsync(cancellationToken);
            if (_position == bytes.Length && endless)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Take(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Take(Span<byte> destination)
        {
            var n = Math.Min(destination.Length, bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(destination);
            _position += n;
            return n;
        }
    }
}
