using Amazon.EC2.Model;

namespace Extender.Aws.Tests;

public sealed class AwsClientFactoryTests
{
    [Fact]
    public async Task Call_BodyStallsAfterTheHeaders_FailsAtTheRequestTimeout()
    {
        await using var server = await StallingEc2Server.StartAsync();
        using var ec2 = server.CreateClient(TimeSpan.FromSeconds(1));

        // Off the test's thread: the SDK's synchronous read of a body that stalls would block its caller for good.
        var call = Task.Run(() => ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest(), CancellationToken.None));

        // The minute only keeps a regression from hanging the run; the SDK reports its own timeout as a TimeoutException.
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromMinutes(1))));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }
}
