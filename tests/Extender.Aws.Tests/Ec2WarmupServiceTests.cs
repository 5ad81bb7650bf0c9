using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Aws.Tests;

public sealed class Ec2WarmupServiceTests
{
    [Fact]
    public async Task StartAsync_EndpointTooSlow_LogsAndLetsTheHostStart()
    {
        await using var server = await StallingEc2Server.StartAsync();
        using var ec2 = server.CreateClient(TimeSpan.FromSeconds(1));
        var warmup = new Ec2WarmupService(ec2, NullLogger<Ec2WarmupService>.Instance);

        var start = Task.Run(() => warmup.StartAsync(CancellationToken.None));

        // The minute only keeps a regression from hanging the run.
        Assert.Same(start, await Task.WhenAny(start, Task.Delay(TimeSpan.FromMinutes(1))));
        await start;
    }
}
