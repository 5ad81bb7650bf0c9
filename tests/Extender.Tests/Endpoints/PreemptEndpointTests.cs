using Extender.Tests.Hosting;

namespace Extender.Tests.Endpoints;

public sealed class PreemptEndpointTests
{
    [Theory]
    [InlineData("preempt-request.json")]
    [InlineData("preempt-request-nodecachecapable.json")]
    public async Task Preempt_Fixture_NeverNamesVictims(string fixture)
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (status, body) = await host.PostAsync("/scheduler/preempt", Fixtures.Read(fixture));

        Assert.Equal(200, status);
        Assert.Equal("""{"NodeNameToMetaVictims":{}}""", body);
    }
}
