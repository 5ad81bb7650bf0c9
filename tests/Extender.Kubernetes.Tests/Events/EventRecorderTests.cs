using Extender.Kubernetes.Events;
using Extender.Sandbox.Kubernetes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Kubernetes.Tests.Events;

public sealed class EventRecorderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private SandboxApiServer _api = null!;
    private k8s.Kubernetes _client = null!;
    private EventRecorder _recorder = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync();
        _client = new k8s.Kubernetes(_api.ClientConfiguration());
        await _client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = "team-a" } }); // namespaces must exist, as on a real server
        _recorder = new EventRecorder(_client, Options.Create(new EventOptions { MaxCallsPerFlush = 20, MaxPending = 500 }), _time, NullLogger<EventRecorder>.Instance);
    }

    public async Task DisposeAsync()
    {
        _recorder.Dispose();
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Flush_BurstOfThousandPods_SendsAtMostTheBudgetPerFlushAndDropsBeyondMaxPending()
    {
        for (var i = 0; i < 1000; i++)
        {
            _recorder.Record(EventTarget.Pod("default", $"p{i}", $"u{i}"), "Normal", "TriggeredScaleUp", "Provision", "pod triggered scale-up");
        }

        await _recorder.FlushAsync(CancellationToken.None);
        var afterOne = _api.List("events.k8s.io/v1", "Event").Count;
        await _recorder.FlushAsync(CancellationToken.None);

        Assert.Equal(20, afterOne);
        Assert.Equal(40, _api.List("events.k8s.io/v1", "Event").Count);
    }

    [Fact]
    public async Task Flush_RepeatsOfOneEvent_BecomeOneEventWithSeriesCount()
    {
        var pod = EventTarget.Pod("team-a", "gpu-0", "u1");
        for (var i = 0; i < 5; i++)
        {
            _recorder.Record(pod, "Warning", "FailedLaunch", "Launch", "insufficient capacity");
        }

        await _recorder.FlushAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        _recorder.Record(pod, "Warning", "FailedLaunch", "Launch", "insufficient capacity");
        await _recorder.FlushAsync(CancellationToken.None);

        var events = await _client.EventsV1.ListNamespacedEventAsync("team-a");
        var only = Assert.Single(events.Items);
        Assert.Equal(6, only.Series.Count);
        Assert.Equal("gpu-0", only.Regarding.Name);
        Assert.Equal("FailedLaunch", only.Reason);
    }

    [Fact]
    public async Task ExecuteAsync_TimerTicks_FlushesWithoutCallers()
    {
        await _recorder.StartAsync(CancellationToken.None);
        _recorder.Record(EventTarget.Node("n1", "u"), "Normal", "Registered", "Register", "node registered");


        // ExecuteAsync starts on a pool thread, so its timer may not exist yet: keep the fake clock moving until it fires.
        await Extender.Kubernetes.Tests.Watching.Eventually.TrueAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return _api.List("events.k8s.io/v1", "Event").Count == 1;
            },
            "event sent on the timer");
        await _recorder.StopAsync(CancellationToken.None);
    }
}
