using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Extender.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Wiring;

/// <summary>
/// Mode (b): kube-scheduler calls the sidecar through its Service over HTTPS, trusting only the CA in its tlsConfig
/// and presenting the client certificate of its tlsConfig.certFile. The client here does the same: it dials the Service
/// name (routed to 127.0.0.1) and verifies the chain against that CA alone.
/// </summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("extender-tls-").FullName;
    private readonly TestCertificates _certificates = new();
    private readonly X509Certificate2 _client;

    public TlsListenerTests() => _client = _certificates.IssueClient();

    private string CertificateFile => Path.Combine(_directory, "tls.crt");

    private string KeyFile => Path.Combine(_directory, "tls.key");

    public void Dispose()
    {
        _client.Dispose();
        _certificates.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Filter_OverHttpsWithTheCaTrusted_AnswersAndThePlainPortStillServes()
    {
        using var served = _certificates.IssueTo(CertificateFile, KeyFile);
        await using var host = await ExtenderTestHost.StartAsync(TlsSettings());
        using var client = new HttpClient(TrustingOnlyTheCa(host.HttpsPort));
        using var body = new StringContent(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "filter-request-nodecachecapable.json")), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri($"https://{TestCertificates.ServiceName}:{host.HttpsPort}/scheduler/filter"), body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("\"Error\":\"\"}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync(new Uri(host.Probes.BaseAddress!, "/healthz"))).StatusCode);
    }

    [Fact]
    public async Task Reload_CertificateFilesRotated_NewCertificateServedWithoutRestart()
    {
        using var first = _certificates.IssueTo(CertificateFile, KeyFile);
        await using var host = await ExtenderTestHost.StartAsync(TlsSettings());
        Assert.Equal(first.Thumbprint, await ServedThumbprintAsync(host.HttpsPort));

        using var second = _certificates.IssueTo(CertificateFile, KeyFile);

        Assert.True(await ServedAfterTheNextCheckAsync(host, second.Thumbprint));
    }

    [Fact]
    public async Task Reload_KeyNotYetRotated_KeepsServingThePreviousPair()
    {
        using var first = _certificates.IssueTo(CertificateFile, KeyFile);
        var firstKey = File.ReadAllText(KeyFile);
        await using var host = await ExtenderTestHost.StartAsync(TlsSettings());
        using var second = _certificates.IssueTo(CertificateFile, KeyFile);
        var secondKey = File.ReadAllText(KeyFile);
        File.WriteAllText(KeyFile, firstKey);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(first.Thumbprint, await ServedThumbprintAsync(host.HttpsPort));
        File.WriteAllText(KeyFile, secondKey);

        Assert.True(await ServedAfterTheNextCheckAsync(host, second.Thumbprint));
    }

    /// <summary>
    /// Advances the clock a check period at a time until <paramref name="thumbprint"/> is served: a single advance can
    /// come before the reload loop has set its next timer (on a loaded machine), and would then be lost.
    /// </summary>
    private Task<bool> ServedAfterTheNextCheckAsync(ExtenderTestHost host, string thumbprint) =>
        SandboxSidecar.Eventually(async () =>
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            return await ServedThumbprintAsync(host.HttpsPort) == thumbprint;
        });

    [Theory]
    [InlineData("missing-certificate", "Http:Tls:CertificateFile {dir}/absent.crt cannot be read")]
    [InlineData("not-pem", "Http:Tls:CertificateFile {dir}/tls.crt contains no PEM certificate")]
    [InlineData("other-key", "Http:Tls:KeyFile {dir}/other.key is not the PEM private key of {dir}/tls.crt")]
    public async Task Start_UnusableCertificateFiles_FailsNamingTheFile(string problem, string expected)
    {
        using var served = _certificates.IssueTo(CertificateFile, KeyFile);
        var settings = TlsSettings();
        switch (problem)
        {
            case "missing-certificate":
                settings["Http:Tls:CertificateFile"] = Path.Combine(_directory, "absent.crt");
                break;
            case "not-pem":
                File.WriteAllText(CertificateFile, "certificate goes here");
                break;
            default:
                using (_certificates.IssueTo(Path.Combine(_directory, "other.crt"), Path.Combine(_directory, "other.key")))
                {
                    settings["Http:Tls:KeyFile"] = Path.Combine(_directory, "other.key");
                }

                break;
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ExtenderTestHost.StartAsync(settings));

        Assert.Contains(expected.Replace("{dir}", _directory, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> TlsSettings()
    {
        var clientCa = Path.Combine(_directory, "ca.crt");
        _certificates.WriteAuthority(clientCa);
        return new()
        {
            ["Http:Tls:Enabled"] = "true",
            ["Http:Tls:Address"] = "127.0.0.1",
            ["Http:Tls:Port"] = "0",
            ["Http:Tls:CertificateFile"] = CertificateFile,
            ["Http:Tls:KeyFile"] = KeyFile,
            ["Http:Tls:ClientCaFile"] = clientCa,
        };
    }

    /// <summary>What kube-scheduler's transport does with tlsConfig.caFile and serverName: only that CA is trusted.</summary>
    private SocketsHttpHandler TrustingOnlyTheCa(int port) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = ChainPolicy(), ClientCertificates = [_client] },
    };

    private X509ChainPolicy ChainPolicy()
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(_certificates.Authority);
        return policy;
    }

    private async Task<string?> ServedThumbprintAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = TestCertificates.ServiceName, CertificateChainPolicy = ChainPolicy(), ClientCertificates = [_client] });
        return tls.RemoteCertificate?.GetCertHashString();
    }
}
