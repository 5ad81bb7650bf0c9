using Extender.Health;
using Extender.Tests.Fakes;
using Extender.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_Running_Answers200()
    {
        await using var host = await ExtenderTestHost.StartAsync(configure: s => s.AddSingleton<IReadinessCheck>(new StaticReadinessCheck("caches", ready: false)));

        Assert.Equal((200, "ok"), await host.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Readyz_CheckNotReady_Answers503NamingIt()
    {
        var caches = new StaticReadinessCheck("kubernetes-caches", ready: false);
        await using var host = await ExtenderTestHost.StartAsync(configure: s =>
        {
            s.AddSingleton<IReadinessCheck>(caches);
            s.AddSingleton<IReadinessCheck>(new StaticReadinessCheck("catalog", ready: true));
        });

        Assert.Equal((503, "not ready: kubernetes-caches"), await host.GetAsync("/readyz"));
        caches.IsReady = true;
        Assert.Equal((200, "ok"), await host.GetAsync("/readyz"));
    }
}
