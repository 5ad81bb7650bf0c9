using Microsoft.Extensions.Options;

namespace Extender.Tests.Hosting;

public sealed class ExtenderHostTests
{
    [Theory]
    [InlineData("Http:Port", "70000", "Http:Port must be between 0 and 65535")]
    [InlineData("Http:Address", "localhost:80", "Http:Address must be a loopback address")]
    [InlineData("Http:Address", "0.0.0.0", "Http:Address must be a loopback address")]
    [InlineData("Http:Address", "10.0.0.5", "Http:Address must be a loopback address")]
    [InlineData("Http:Probes:Address", "pod-ip", "Http:Probes:Address must be an IP address")]
    [InlineData("Http:Probes:Port", "-1", "Http:Probes:Port must be between 0 and 65535")]
    [InlineData("Http:Limits:MaxConcurrentConnections", "0", "Http:Limits:MaxConcurrentConnections must be positive")]
    [InlineData("Http:Limits:MinRequestBodyGracePeriod", "00:00:00.5", "Http:Limits:MinRequestBodyGracePeriod must be at least 1 second")]
    [InlineData("Endpoints:PathPrefix", "scheduler", "Endpoints:PathPrefix must start with '/'")]
    [InlineData("Endpoints:MaxRequestBodyBytes", "0", "Endpoints:MaxRequestBodyBytes must be between 1 and 1073741824")]
    [InlineData("Endpoints:BindTimeout", "00:00:00", "Endpoints:BindTimeout must be positive")]
    public async Task Start_InvalidOption_FailsNamingIt(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ExtenderTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
