using Extender.TestKit.Builders;
using Extender.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Endpoints;

/// <summary>
/// Slow binds must never cost the scheduler its filter and prioritize calls: kube-scheduler binds in a goroutine per pod,
/// each on a connection of its own, over one HTTP client shared with the other verbs (extender-protocol.md, 3.5).
/// </summary>
public sealed class BindAdmissionTests
{
    private const int Connections = 48;

    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Http:Limits:MaxConcurrentConnections"] = Connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Endpoints:MaxConcurrentBinds"] = "4",
        ["Endpoints:BindQueueLimit"] = "8",
        ["Endpoints:BindTimeout"] = "00:00:04",
    };

    [Fact]
    public async Task Bind_AsManyHangingAsTheListenerHasConnections_FilterAndPrioritizeStillAnswered()
    {
        await using var host = await StartAsync(Limits);
        host.Binder.Hang = true;

        // One bind per connection the listener allows: unbounded, they would hold every one of them.
        var binds = Enumerable.Range(0, Connections).Select(i => host.PostAsync("/scheduler/bind", BindRequest(i))).ToList();
        var refused = 0;
        while (refused < Connections - 12)
        {
            var done = await Task.WhenAny(binds).WaitAsync(TimeSpan.FromSeconds(30));
            binds.Remove(done);
            var (status, body) = await done;
            Assert.Equal(200, status);
            Assert.Contains("too many bindings in progress (4 binding, 8 queued); retry", body, StringComparison.Ordinal);
            refused++;
        }

        await WaitUntilAsync(() => host.Binder.Bindings.Count == 4);
        var others = Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? host.PostAsync("/scheduler/filter", FilterRequest)
            : host.PostAsync("/scheduler/prioritize", FilterRequest)).ToList();
        var answers = await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(12, binds.Count);
        Assert.All(binds, b => Assert.False(b.IsCompleted));
        Assert.Equal(4, host.Binder.Bindings.Count);

        // Their deadline answers the four binding and the eight queued alike.
        host.Time.Advance(TimeSpan.FromSeconds(4));
        var late = await Task.WhenAll(binds).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(late, b => Assert.EndsWith("timed out after 4s\"}", b.Body, StringComparison.Ordinal));
        Assert.Equal(4, host.Binder.Bindings.Count);
    }

    [Fact]
    public async Task Bind_QueuedBehindASlowOne_BindsWhenItsTurnComes()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>(Limits) { ["Endpoints:MaxConcurrentBinds"] = "1" });
        host.Binder.Hang = true;
        var first = host.PostAsync("/scheduler/bind", BindRequest(0));
        await WaitUntilAsync(() => host.Binder.Bindings.Count == 1);

        host.Time.Advance(TimeSpan.FromSeconds(2));
        var second = host.PostAsync("/scheduler/bind", BindRequest(1));
        await Task.Delay(200);
        Assert.Single(host.Binder.Bindings);
        host.Binder.Hang = false;
        host.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.EndsWith("timed out after 4s\"}", (await first.WaitAsync(TimeSpan.FromSeconds(30))).Body, StringComparison.Ordinal);

        // The second waited 2 of its 4 s in the queue, then had its turn.
        Assert.Equal("""{"Error":""}""", (await second.WaitAsync(TimeSpan.FromSeconds(30))).Body);
        Assert.Equal(["pod-0", "pod-1"], host.Binder.Bindings.Select(b => b.Name));
    }

    [Theory]
    [InlineData("Endpoints:MaxConcurrentBinds", "0", "Endpoints:MaxConcurrentBinds must be positive")]
    [InlineData("Endpoints:BindQueueLimit", "-1", "Endpoints:BindQueueLimit must not be negative")]
    [InlineData("Endpoints:BindQueueLimit", "13", "Endpoints:MaxConcurrentBinds + Endpoints:BindQueueLimit (4 + 13) must be at most Http:Limits:MaxConcurrentConnections (48) - 32")]
    public async Task Start_BindLimitsThatCouldTakeTheOtherVerbsConnections_FailsNamingThem(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ExtenderTestHost.StartAsync(new Dictionary<string, string?>(Limits) { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static string FilterRequest =>
        """{"Pod":{"metadata":{"name":"p","namespace":"default","uid":"p-uid"},"spec":{"containers":[{"name":"c"}]}},"Nodes":null,"NodeNames":["n1"]}""";

    private static string BindRequest(int i) => $$"""{"PodName":"pod-{{i}}","PodNamespace":"default","PodUID":"uid-{{i}}","Node":"n1"}""";

    private static async Task<ExtenderTestHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = await ExtenderTestHost.StartAsync(settings);
        host.Cluster.UpsertNode(new NodeBuilder("n1").Cpu("64").Memory("256Gi").Pods(110).Build());
        for (var i = 0; i < Connections; i++)
        {
            host.Cluster.UpsertPod(new PodBuilder($"pod-{i}").Namespace("default").Uid($"uid-{i}").Cpu("100m").Build());
        }

        return host;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }
}
