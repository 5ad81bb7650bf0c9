using System.Net;
using Extender.Kubernetes.Client;
using k8s;

namespace Extender.Kubernetes.Tests.Client;

/// <summary>Which HTTP version the client as <see cref="KubernetesClientFactory"/> builds it asks for, per kind of request.</summary>
public sealed class WatchOverHttp11HandlerTests
{
    [Fact]
    public async Task Watch_IsOpenedOverHttp11AndCallsKeepHttp2()
    {
        var network = new Recording();
        using var client = new k8s.Kubernetes(
            new KubernetesClientConfiguration { Host = "https://api.test" },
            [.. KubernetesClientFactory.Handlers(new KubernetesOptions(), KubernetesLane.Reads), network]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: stop.Token);
        await foreach (var _ in client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: stop.Token))
        {
        }

        // Over TLS the version is negotiated: a watch that may use HTTP/2 shares the lane's one connection.
        Assert.Collection(
            network.Requests,
            list => Assert.Equal((HttpVersion.Version20, false), list),
            watch => Assert.Equal((HttpVersion.Version11, true), watch));
    }

    /// <summary>Records each request's version and whether it must be exactly that one; answers an empty list.</summary>
    private sealed class Recording : DelegatingHandler
    {
        public List<(Version Version, bool Exact)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.Version, request.VersionPolicy == HttpVersionPolicy.RequestVersionExact));
            var content = new StringContent("""{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}""");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
