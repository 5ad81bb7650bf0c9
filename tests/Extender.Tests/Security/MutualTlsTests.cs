using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Extender.Tests.Endpoints;
using Extender.Tests.Hosting;
using Extender.Tests.Wiring;

namespace Extender.Tests.Security;

/// <summary>
/// Mode (b)'s HTTPS listener takes only callers with a client certificate from the configured CA: kube-scheduler's
/// <c>tlsConfig.certFile</c>. Anyone else is refused in the TLS handshake, before a request is read, so no verb runs.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("extender-mtls-").FullName;
    private readonly TestCertificates _authority = new();
    private readonly TestCertificates _otherAuthority = new();
    private ExtenderTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var clientCa = Path.Combine(_directory, "ca.crt");
        using var served = _authority.IssueTo(Path.Combine(_directory, "tls.crt"), Path.Combine(_directory, "tls.key"));
        _authority.WriteAuthority(clientCa);
        _host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Http:Tls:Enabled"] = "true",
            ["Http:Tls:Address"] = "127.0.0.1",
            ["Http:Tls:Port"] = "0",
            ["Http:Tls:CertificateFile"] = Path.Combine(_directory, "tls.crt"),
            ["Http:Tls:KeyFile"] = Path.Combine(_directory, "tls.key"),
            ["Http:Tls:ClientCaFile"] = clientCa,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _authority.Dispose();
        _otherAuthority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Filter_WithTheSchedulersClientCertificate_Answers()
    {
        using var client = _authority.IssueClient();

        var (status, body) = await PostFilterAsync(client);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith("\"Error\":\"\"}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filter_WithoutAClientCertificate_RefusedAtTheHandshake()
    {
        await AssertRefusedAsync(client: null);
    }

    [Fact]
    public async Task Filter_WithAClientCertificateFromAnotherCa_RefusedAtTheHandshake()
    {
        using var stranger = _otherAuthority.IssueClient();

        await AssertRefusedAsync(stranger);
    }

    [Fact]
    public async Task Filter_WithTheCasServingCertificateUsedAsAClientCertificate_RefusedAtTheHandshake()
    {
        // Signed by the right CA, but issued for server authentication only: not a client's credential.
        using var serving = _authority.IssueTo(Path.Combine(_directory, "other.crt"), Path.Combine(_directory, "other.key"));
        using var withKey = X509Certificate2.CreateFromPemFile(Path.Combine(_directory, "other.crt"), Path.Combine(_directory, "other.key"));
        using var usable = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        await AssertRefusedAsync(usable);
    }

    /// <summary>
    /// The handshake itself fails (with TLS 1.3 the client may learn it only on its first read, as the server's alert
    /// arrives), the verb never runs, and nothing reaches the provisioner.
    /// </summary>
    private async Task AssertRefusedAsync(X509Certificate2? client)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _host.HttpsPort);
        await using var tls = new SslStream(tcp.GetStream());
        var failure = await Record.ExceptionAsync(async () =>
        {
            await tls.AuthenticateAsClientAsync(Options(client));
            var request = Encoding.ASCII.GetBytes($"GET /scheduler/filter HTTP/1.1\r\nHost: {TestCertificates.ServiceName}\r\nContent-Length: 0\r\n\r\n");
            await tls.WriteAsync(request);
            var buffer = new byte[1024];
            if (await tls.ReadAsync(buffer) == 0)
            {
                throw new IOException("the server closed the connection without an answer");
            }
        });

        Assert.True(failure is AuthenticationException or IOException, $"expected the handshake to fail, got {failure?.GetType().Name ?? "an answer"}");
        Assert.Empty(_host.Sink.Pods);
    }

    private async Task<(HttpStatusCode Status, string Body)> PostFilterAsync(X509Certificate2 client)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, _host.HttpsPort, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = Options(client),
        };
        using var http = new HttpClient(handler);
        using var content = new StringContent(Fixtures.Read("filter-request-nodecachecapable.json"), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"https://{TestCertificates.ServiceName}:{_host.HttpsPort}/scheduler/filter"), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What kube-scheduler's transport does: trusts only the extender's CA and presents its tlsConfig.certFile.</summary>
    private SslClientAuthenticationOptions Options(X509Certificate2? client)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_authority.Authority);
        return new SslClientAuthenticationOptions
        {
            TargetHost = TestCertificates.ServiceName,
            CertificateChainPolicy = policy,
            ClientCertificates = client is null ? null : [client],
        };
    }
}
