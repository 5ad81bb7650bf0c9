using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Endpoints.Bind;
using Extender.Endpoints.Filter;
using Extender.TestKit.Builders;
using Extender.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Endpoints;

public sealed class BindEndpointTests
{
    private const string BindRequest = """{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"n1"}""";

    [Fact]
    public async Task Bind_FixtureRequest_PostsConditionalBindingAndAnswersEmptyError()
    {
        await using var host = await ExtenderTestHost.StartAsync();
        host.Cluster.UpsertNode(new NodeBuilder(Fixtures.NodeC).Build());
        host.Cluster.UpsertPod(new PodBuilder("inference-worker-6b8f9c7d54-k2xqp").Namespace("ml-serving").Uid(Fixtures.PodUid).Cpu("1").Build());

        var (status, body) = await host.PostAsync("/scheduler/bind", Fixtures.Read("bind-request.json"));

        Assert.Equal(200, status);
        Assert.Equal("""{"Error":""}""", body);
        Assert.Equal(new PodBinding("ml-serving", "inference-worker-6b8f9c7d54-k2xqp", Fixtures.PodUid, Fixtures.NodeC), Assert.Single(host.Binder.Bindings));
    }

    [Fact]
    public async Task Bind_BinderRefuses_Answers200WithTheReason()
    {
        await using var host = await StartWithPodAsync();
        host.Binder.FailWith = "pods \"web\" not found";

        var (status, body) = await host.PostAsync("/scheduler/bind", """{"podname":"web","podnamespace":"default","poduid":"u1","node":"n1"}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"Error":"binding default/web to n1: pods \u0022web\u0022 not found"}""", body);
    }

    [Fact]
    public async Task Bind_BinderHangs_AnswersTimeoutErrorAtTheConfiguredDeadline()
    {
        await using var host = await StartWithPodAsync(new Dictionary<string, string?> { ["Endpoints:BindTimeout"] = "00:00:02" });
        host.Binder.Hang = true;

        var call = host.PostAsync("/scheduler/bind", BindRequest);
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

    [Fact]
    public async Task Bind_NotEnabled_IsNotServedAlthoughABinderIsThere()
    {
        await using var host = await StartWithPodAsync(new Dictionary<string, string?> { ["Endpoints:BindEnabled"] = null });

        var (status, _) = await host.PostAsync("/scheduler/bind", BindRequest);

        Assert.Equal(404, status);
        Assert.Empty(host.Binder.Bindings);
    }

    [Theory]
    [InlineData("""{"PodName":"web","PodNamespace":"default","PodUID":"forged","Node":"n1"}""", "no pod default/web with UID forged in the extender's pod watch")]
    [InlineData("""{"PodName":"other","PodNamespace":"default","PodUID":"u1","Node":"n1"}""", "no pod default/other with UID u1 in the extender's pod watch")]
    [InlineData("""{"PodName":"web","PodNamespace":"kube-system","PodUID":"u1","Node":"n1"}""", "no pod kube-system/web with UID u1 in the extender's pod watch")]
    [InlineData("""{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"tainted"}""", "the filter refuses node tainted: node(s) had untolerated taint {dedicated: gpu}")]
    [InlineData("""{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"small"}""", "the filter refuses node small: Insufficient cpu")]
    [InlineData("""{"PodName":"web","PodNamespace":"default","PodUID":"u1","Node":"nowhere"}""", "the filter refuses node nowhere: " + FilterVerb.UnknownNodeReason)]
    public async Task Bind_PodOrNodeTheFilterWouldRefuse_RefusedWithoutCallingTheApi(string request, string reason)
    {
        await using var host = await StartWithPodAsync();
        host.Cluster.UpsertNode(new NodeBuilder("tainted").Taint("dedicated", "gpu", "NoSchedule").Build());
        host.Cluster.UpsertNode(new NodeBuilder("small").Cpu("250m").Build());

        var (status, body) = await host.PostAsync("/scheduler/bind", request);

        Assert.Equal(200, status);
        Assert.EndsWith($": {reason}\"}}", body.Replace("\\u0022", "\"", StringComparison.Ordinal).Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(host.Binder.Bindings);
    }

    [Fact]
    public async Task Bind_NodeHeldForAnotherPod_Refused()
    {
        await using var host = await StartWithPodAsync();
        Reserve(host, "uid-owner", "n1", cpu: "4");

        var (_, body) = await host.PostAsync("/scheduler/bind", BindRequest);

        Assert.Contains(FilterVerb.ReservedReason, body, StringComparison.Ordinal);
        Assert.Empty(host.Binder.Bindings);
    }

    [Fact]
    public async Task Bind_OwnerOntoAnotherNodeWhileItsOwnIsThere_Refused()
    {
        await using var host = await StartWithPodAsync();
        host.Cluster.UpsertNode(new NodeBuilder("reserved").Cpu("4").Memory("16Gi").Build());
        Reserve(host, "u1", "reserved", cpu: "1");

        var (_, body) = await host.PostAsync("/scheduler/bind", BindRequest);

        Assert.Contains(FilterVerb.WaitingReason, body, StringComparison.Ordinal);
        Assert.Empty(host.Binder.Bindings);
    }

    [Fact]
    public async Task Bind_OwnerOntoItsReservedNode_BindsAndLeavesTheReleaseToThePodWatch()
    {
        await using var host = await StartWithPodAsync();
        var ledger = Reserve(host, "u1", "n1", cpu: "1");

        var (_, body) = await host.PostAsync("/scheduler/bind", BindRequest);

        Assert.Equal("""{"Error":""}""", body);
        Assert.Single(host.Binder.Bindings);

        // Until the watch shows the binding, the hold is what keeps the pod's room taken (BindBeforeWatchTests).
        Assert.True(ledger.Current.Holds("u1"));
    }

    [Fact]
    public async Task Bind_RetryOfABindTheWatchAlreadyShows_SucceedsWithoutASecondBinding()
    {
        await using var host = await StartWithPodAsync();
        host.Cluster.UpsertPod(new PodBuilder("web").Namespace("default").Uid("u1").Cpu("1").OnNode("n1").Build());

        var (_, body) = await host.PostAsync("/scheduler/bind", BindRequest);

        Assert.Equal("""{"Error":""}""", body);
        Assert.Empty(host.Binder.Bindings);
    }

    private static async Task<ExtenderTestHost> StartWithPodAsync(IDictionary<string, string?>? settings = null)
    {
        var host = await ExtenderTestHost.StartAsync(settings);
        host.Cluster.UpsertNode(new NodeBuilder("n1").Cpu("4").Memory("16Gi").Build());
        host.Cluster.UpsertPod(new PodBuilder("web").Namespace("default").Uid("u1").Cpu("1").Build());
        return host;
    }

    private static ReservationLedger Reserve(ExtenderTestHost host, string owner, string node, string cpu)
    {
        var ledger = host.Services.GetRequiredService<ReservationLedger>();
        var demand = ResourceList.Of(("cpu", Quantity.ParseMilli(cpu)), ("pods", 1000));
        var at = host.Time.GetUtcNow();
        ledger.Update(s => s.Reserve("claim-1", [new ReservedPod(new PodReference("default", owner, owner), demand, at)]).AttachNode("claim-1", node));
        return ledger;
    }
}
