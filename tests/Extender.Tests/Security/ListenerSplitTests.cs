using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Extender.Tests.Endpoints;
using Extender.Tests.Hosting;

namespace Extender.Tests.Security;

/// <summary>
/// Each listener answers only what it is for: the verbs on the loopback port (and the mTLS one), health and metrics on
/// the probes port. Nothing the client sends (a Host header naming the other port) moves a request across.
/// </summary>
public sealed class ListenerSplitTests
{
    private const string BindRequest = """{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"n1"}""";

    [Theory]
    [InlineData("filter")]
    [InlineData("prioritize")]
    [InlineData("preempt")]
    [InlineData("bind")]
    public async Task Verb_OnTheProbesPort_IsNotServed(string verb)
    {
        await using var host = await ExtenderTestHost.StartAsync();

        using var content = new StringContent(Fixtures.Read("filter-request-nodecachecapable.json"), Encoding.UTF8, "application/json");
        using var response = await host.Probes.PostAsync(new Uri($"/scheduler/{verb}", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(host.Sink.Pods);
        Assert.Empty(host.Binder.Bindings);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task Probe_OnTheVerbsPort_IsNotServedButIsOnItsOwn(string path)
    {
        await using var host = await ExtenderTestHost.StartAsync();

        using var onVerbs = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        using var onProbes = await host.Probes.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, onVerbs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, onProbes.StatusCode);
    }

    [Fact]
    public async Task Bind_OnTheProbesPortWithAHostHeaderNamingTheVerbsPort_IsNotServed()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler/bind") { Content = new StringContent(BindRequest, Encoding.UTF8, "application/json") };
        request.Headers.Host = $"127.0.0.1:{host.Client.BaseAddress!.Port}";

        using var response = await host.Probes.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(host.Binder.Bindings);
    }

    /// <summary>
    /// The verbs' listener is on loopback only: through any other address of this machine (the pod IP, in a pod) the
    /// connection itself is refused, and bind never runs.
    /// </summary>
    [Fact]
    public async Task Bind_FromANonLoopbackAddress_ConnectionRefused()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Http:Address"] = null });
        var address = NonLoopbackAddress();
        Assert.NotNull(address);
        using var client = new HttpClient { BaseAddress = new Uri($"http://{address}:{host.Client.BaseAddress!.Port}/"), Timeout = TimeSpan.FromSeconds(30) };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri("/scheduler/bind", UriKind.Relative), new StringContent(BindRequest, Encoding.UTF8, "application/json")));

        Assert.Equal(SocketError.ConnectionRefused, (error.InnerException as SocketException)?.SocketErrorCode);
        Assert.Empty(host.Binder.Bindings);
    }

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
