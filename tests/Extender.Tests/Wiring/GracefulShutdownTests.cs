using System.Net;
using Extender.Kubernetes.Leadership;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Extender.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Wiring;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_WithDrainDelay_ReadyzFailsWhileTheServerStillAnswers()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Shutdown:DrainDelay"] = "00:00:05" });
        var client = host.Probes;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        var stop = host.App.StopAsync();
        using var readyz = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var healthz = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal("not ready: shutting down", await readyz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.False(stop.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        await stop;
    }

    [Fact]
    public async Task Start_ShutdownTimeoutOption_BecomesTheHostsShutdownTimeout()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Shutdown:Timeout"] = "00:00:12" });

        Assert.Equal(TimeSpan.FromSeconds(12), host.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Theory]
    [InlineData("Shutdown:Timeout", "00:00:00", "Shutdown:Timeout must be positive")]
    [InlineData("Shutdown:DrainDelay", "00:00:30", "Shutdown:DrainDelay must be at least 0 and shorter than Timeout")]
    [InlineData("Http:Tls:Port", "70000", "Http:Tls:Port must be between 0 and 65535")]
    public async Task Start_InvalidOption_FailsNamingIt(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value, ["Http:Tls:Enabled"] = key.StartsWith("Http:Tls", StringComparison.Ordinal) ? "true" : "false" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ExtenderTestHost.StartAsync(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_Sidecar_ReleasesTheProvisioningLeaseForTheStandby()
    {
        await using var sidecar = await SandboxSidecar.StartAsync();
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(sidecar.Services.GetRequiredService<ILeadership>().IsLeader)));

        await sidecar.App.StopAsync();

        var lease = Assert.Single(sidecar.Api.List("coordination.k8s.io/v1", "Lease", SandboxSidecar.Namespace))["spec"]!;
        Assert.Null((string?)lease["holderIdentity"]);
        Assert.Equal(1, (int?)lease["leaseDurationSeconds"]);
    }

    [Fact]
    public async Task Sidecar_HostedServices_ServerStopsFirstAndTheProvisionerBeforeTheLeaseIsReleased()
    {
        await using var sidecar = await SandboxSidecar.StartAsync();
        var hosted = sidecar.Services.GetServices<IHostedService>().ToList();

        // The host stops hosted services in reverse registration order.
        var elector = hosted.FindIndex(s => ReferenceEquals(s, sidecar.Services.GetRequiredService<ILeaderStatus>()));
        var provisioner = hosted.FindIndex(s => s is Provisioner);
        Assert.InRange(elector, 0, provisioner - 1);
        Assert.Equal("GenericWebHostService", hosted[^1].GetType().Name);
        Assert.False(sidecar.Services.GetRequiredService<IOptions<HostOptions>>().Value.ServicesStopConcurrently);
    }
}
