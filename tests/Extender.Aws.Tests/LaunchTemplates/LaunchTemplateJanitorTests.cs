using Extender.Aws.LaunchTemplates;
using Extender.Aws.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Extender.Aws.Tests.LaunchTemplates;

public sealed class LaunchTemplateJanitorTests : IDisposable
{
    private readonly WireEc2 _ec2 = new();
    private readonly SwitchableLeadership _leadership = new();
    private readonly ProviderHost _host;

    public LaunchTemplateJanitorTests()
    {
        // Created a year before the fake clock's start: idle far beyond Aws:LaunchTemplateIdleTtl.
        _ec2.Stub("DescribeLaunchTemplates", Ec2Xml.Wrap("DescribeLaunchTemplates",
            "<launchTemplates><item><launchTemplateId>lt-1</launchTemplateId><launchTemplateName>provisioning.extender.io/test-cluster/old</launchTemplateName>"
            + "<createTime>2024-01-01T00:00:00.000Z</createTime></item></launchTemplates>"));
        _ec2.Stub("DeleteLaunchTemplate", Ec2Xml.Wrap("DeleteLaunchTemplate",
            "<launchTemplate><launchTemplateId>lt-1</launchTemplateId><launchTemplateName>provisioning.extender.io/test-cluster/old</launchTemplateName></launchTemplate>"));
        _host = new ProviderHost(_ec2.Url, configure: services => services.AddSingleton<IAwsLeadership>(_leadership));
    }

    [Fact]
    public async Task Tick_Standby_DeletesNothing()
    {
        var janitor = Janitor();
        await janitor.StartAsync(CancellationToken.None);

        await TickAsync(janitor, 1);

        Assert.Empty(_ec2.Sent("DescribeLaunchTemplates"));
        Assert.Empty(_ec2.Sent("DeleteLaunchTemplate"));
        await janitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Tick_StandbyThenLeader_DeletesIdleTemplatesOnlyOnceLeading()
    {
        var janitor = Janitor();
        await janitor.StartAsync(CancellationToken.None);
        await TickAsync(janitor, 1);

        _leadership.IsLeader = true;
        await TickAsync(janitor, 2);

        var deleted = Assert.Single(_ec2.Sent("DeleteLaunchTemplate"));
        Assert.Equal("provisioning.extender.io/test-cluster/old", deleted["LaunchTemplateName"]);
        await janitor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Tick_LeaderThenStandby_StopsDeleting()
    {
        _leadership.IsLeader = true;
        var janitor = Janitor();
        await janitor.StartAsync(CancellationToken.None);
        await TickAsync(janitor, 1);

        _leadership.IsLeader = false;
        await TickAsync(janitor, 2);

        Assert.Single(_ec2.Sent("DescribeLaunchTemplates"));
        await janitor.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _host.Dispose();
        _ec2.Dispose();
    }

    private LaunchTemplateJanitor Janitor() => _host.Get<IEnumerable<IHostedService>>().OfType<LaunchTemplateJanitor>().Single();

    /// <summary>Moves the fake clock one interval and waits (bounded) until the janitor has handled that tick.</summary>
    private async Task TickAsync(LaunchTemplateJanitor janitor, int expectedTicks)
    {
        _host.Time.Advance(LaunchTemplateJanitor.Interval);
        for (var attempt = 0; janitor.Ticks < expectedTicks && attempt < 500; attempt++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(expectedTicks, janitor.Ticks);
    }

    private sealed class SwitchableLeadership : IAwsLeadership
    {
        public bool IsLeader { get; set; }
    }
}
