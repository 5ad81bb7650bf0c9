using Extender.Endpoints.Bind;
using Extender.Tests.Hosting;

namespace Extender.Tests.Endpoints;

public sealed class BindEndpointTests
{
    [Fact]
    public async Task Bind_FixtureRequest_PostsConditionalBindingAndAnswersEmptyError()
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (status, body) = await host.PostAsync("/scheduler/bind", Fixtures.Read("bind-request.json"));

        Assert.Equal(200, status);
        Assert.Equal("""{"Error":""}""", body);
        Assert.Equal(new PodBinding("ml-serving", "inference-worker-6b8f9c7d54-k2xqp", Fixtures.PodUid, Fixtures.NodeC), Assert.Single(host.Binder.Bindings));
    }

    [Fact]
    public async Task Bind_BinderRefuses_Answers200WithTheReason()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Binder.FailWith = "pods \"web\" not found";

        var (status, body) = await host.PostAsync("/scheduler/bind", """{"podname":"web","podnamespace":"default","poduid":"u1","node":"n1"}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"Error":"binding default/web to n1: pods \u0022web\u0022 not found"}""", body);
    }

    [Fact]
    public async Task Bind_BinderHangs_AnswersTimeoutErrorAtTheConfiguredDeadline()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Endpoints:BindTimeout"] = "00:00:02" });
        host.Binder.Hang = true;

        var call = host.PostAsync("/scheduler/bind", """{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"n1"}""");
        await host.Binder.Entered.Task;
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var (status, body) = await call;

        Assert.Equal(200, status);
        Assert.Equal("""{"Error":"binding default/web to n1 timed out after 2s"}""", body);
    }

    [Fact]
    public async Task Bind_NoBinderRegistered_IsNotServed()
    {
        await using var host = await ExtenderTestHost.StartAsync(withBinder: false);

        var (status, _) = await host.PostAsync("/scheduler/bind", Fixtures.Read("bind-request.json"));

        Assert.Equal(404, status);
    }
}
