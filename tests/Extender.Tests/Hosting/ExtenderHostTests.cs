using Microsoft.Extensions.Options;

namespace Extender.Tests.Hosting;

public sealed class ExtenderHostTests
{
    [Theory]
    [InlineData("Http:Port", "70000", "Http:Port must be between 0 and 65535")]
    [InlineData("Http:Address", "localhost:80", "Http:Address must be an IP address")]
    [InlineData("Endpoints:PathPrefix", "scheduler", "Endpoints:PathPrefix must start with '/'")]
    [InlineData("Endpoints:MaxRequestBodyBytes", "0", "Endpoints:MaxRequestBodyBytes must be positive")]
    public async Task Start_InvalidOption_FailsNamingIt(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ExtenderTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
