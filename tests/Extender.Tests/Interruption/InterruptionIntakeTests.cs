using System.Diagnostics;
using System.Globalization;
using Extender.Core.Cluster;
using Extender.Core.Interruption;
using Extender.Core.Planning;
using Extender.Interruption;
using Extender.Provisioning.Availability;
using Extender.Sandbox.Sqs;
using Extender.TestKit.Builders;
using Extender.TestKit.Fakes.Disruption;
using Extender.TestKit.Fakes.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace Extender.Tests.Interruption;

/// <summary>
/// The leader's interruption loop over the real SQS adapter (AWSSDK.SQS) and the sandbox SQS endpoint, with the shipped
/// long poll (20 s, 10 messages); the cluster side is the in-memory claim store.
/// </summary>
public sealed class InterruptionIntakeTests : IAsyncLifetime
{
    private const string Queue = "cluster-interruptions";
    private const string InstanceId = InterruptionWorld.InstanceId;
    private const string ClaimName = InterruptionWorld.ClaimName;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly InterruptionWorld _world = new(TimeProvider.System);
    private SandboxSqsServer _sqs = null!;
    private ServiceProvider _services = null!;
    private InterruptionService _service = null!;

    private FakeNodeClaimStore _claims => _world.Claims;

    private FakeClusterControl _cluster => _world.Cluster;

    private RecordingDisruptionEvents _events => _world.Events;

    private ClusterState _nodes => _world.Nodes;

    private RecordingPreparation _prepared => _world.Prepared;

    private CollectorRegistry _registry => _world.Registry;

    public async Task InitializeAsync()
    {
        _sqs = await SandboxSqsServer.StartAsync(TimeProvider.System, CancellationToken.None);
        _sqs.CreateQueue(Queue);
        _services = _world.Build(new Dictionary<string, string?>
        {
            ["Interruption:QueueName"] = Queue,
            ["Interruption:EndpointOverride"] = _sqs.Url.ToString(),
        });
        _service = _services.GetServices<IHostedService>().OfType<InterruptionService>().Single();
        await _world.AddClaimAsync();
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _sqs.DisposeAsync();
    }

    private UnavailableOfferings Offerings => _services.GetRequiredService<UnavailableOfferings>();

    private static string Ec2Event(string detailType, string detail, DateTimeOffset? time = null) =>
        $$"""{"version":"0","id":"{{Guid.NewGuid()}}","detail-type":"{{detailType}}","source":"aws.ec2","account":"000000000000","time":"{{(time ?? DateTimeOffset.UtcNow).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","region":"us-east-1","resources":[],"detail":{{detail}}}""";

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, $"timed out waiting for {what}");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private double ReadMetric(string name, string[] labels)
    {
        using var stream = new MemoryStream();
        _registry.CollectAndExportAsTextAsync(stream, CancellationToken.None).GetAwaiter().GetResult();
        var line = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && labels.All(l.Contains));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task SpotWarningMarksTheOfferingDeletesTheClaimAndThenTheMessage()
    {
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
        await _service.StartAsync(CancellationToken.None);
        // The loop is already waiting in its long poll: the message must wake it, not the next 20 s receive.
        await Task.Delay(500, CancellationToken.None);
        _nodes.UpsertNode(new NodeBuilder("ip-10-0-1-5.ec2.internal").Build());
        var sent = Stopwatch.StartNew();
        var eventTime = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        _sqs.Send(Queue, Ec2Event("EC2 Spot Instance Interruption Warning", $$"""{"instance-id":"{{InstanceId}}","instance-action":"terminate"}""", eventTime));

        await Until(() => _claims.Find(ClaimName)!.Deleting, "the claim's deletion");
        var handled = sent.Elapsed;
        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");

        Assert.True(handled < TimeSpan.FromSeconds(5), $"handled {handled.TotalMilliseconds} ms after the send");
        Assert.False(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "on-demand"));
        Assert.Contains(_events.Events, e => e is { Kind: "Node", Name: "ip-10-0-1-5.ec2.internal", Reason: "SpotInterrupted" });

        // Room for the node's pods is held before the deletion, against the reclaim the notice announces.
        var prepared = Assert.Single(_prepared.Calls);
        Assert.Equal((ClaimName, "ip-10-0-1-5.ec2.internal", eventTime + TimeSpan.FromMinutes(2)), prepared);
        Assert.Equal(1, ReadMetric("extender_interruption_received_messages_total", ["kind=\"SpotInterrupted\""]));
        Assert.Equal(1, ReadMetric("extender_interruption_actions_total", ["action=\"MarkUnavailableAndDelete\""]));
        Assert.Equal(1, ReadMetric("extender_interruption_message_queue_duration_seconds_count", []));
    }

    [Theory]
    [InlineData("stopping")]
    [InlineData("terminated")]
    public async Task TerminalStateChangesDeleteTheClaimWithoutMarkingTheOffering(string state)
    {
        _sqs.Send(Queue, Ec2Event("EC2 Instance State-change Notification", $$"""{"instance-id":"{{InstanceId}}","state":"{{state}}"}"""));
        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");
        Assert.True(_claims.Find(ClaimName)!.Deleting);
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
    }

    [Fact]
    public async Task RebalanceRecommendationIsAnEventOnly()
    {
        _sqs.Send(Queue, Ec2Event("EC2 Instance Rebalance Recommendation", $$"""{"instance-id":"{{InstanceId}}"}"""));
        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");
        Assert.False(_claims.Find(ClaimName)!.Deleting);
        Assert.DoesNotContain(RebalanceRecommendations.ClaimAnnotation, _claims.Find(ClaimName)!.Annotations.Keys);
        Assert.Contains(_events.Events, e => e is { Kind: "Node", Reason: "RebalanceRecommendation" });
    }

    [Theory]
    [InlineData("{\"field1\":\"value1\",\"field2\":\"value2\"}")]
    [InlineData("not json at all")]
    public async Task UnparseableMessagesAreDeletedAndChangeNothing(string body)
    {
        _sqs.Send(Queue, body);
        await _service.StartAsync(CancellationToken.None);

        // The sidecar counts the deletion once SQS has answered it, just after the queue shows it gone.
        await Until(() => _sqs.Depth(Queue) == 0 && ReadMetric("extender_interruption_deleted_messages_total", []) == 1, "the message's deletion, counted");
        Assert.False(_claims.Find(ClaimName)!.Deleting);
        Assert.Equal(1, ReadMetric("extender_interruption_received_messages_total", ["kind=\"Unparseable\""]));
    }

    [Fact]
    public async Task HealthScheduledChange_RoomHeldAgainstItsStartTime_ThenTheClaimDeleted()
    {
        var startsAt = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
        _nodes.UpsertNode(new NodeBuilder(InterruptionWorld.NodeName).Build());
        _sqs.Send(Queue, $$"""{"version":"0","id":"{{Guid.NewGuid()}}","detail-type":"AWS Health Event","source":"aws.health","account":"000000000000","time":"{{DateTimeOffset.UtcNow.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","region":"us-east-1","resources":[],"detail":{"service":"EC2","eventTypeCategory":"scheduledChange","eventTypeCode":"AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED","startTime":"{{startsAt:R}}","affectedEntities":[{"entityValue":"{{InstanceId}}"}]} }""");
        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");

        // Handled as drift is (reserve, then evict), against the change's start rather than a spot notice's two minutes.
        Assert.Equal((ClaimName, InterruptionWorld.NodeName, startsAt), Assert.Single(_prepared.Calls));
        Assert.True(_claims.Find(ClaimName)!.Deleting);
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
        Assert.Equal(1, ReadMetric("extender_interruption_actions_total", ["action=\"ReserveAndDelete\"", "kind=\"ScheduledChange\""]));
    }

    [Fact]
    public async Task RebalanceRecommendation_PoolOptsIn_ClaimMarkedForTheDisruptionLoop_NotDeleted()
    {
        _cluster.NodePools = [new NodePool { Name = "default", ReplacesOnRebalanceRecommendation = true }];
        var eventTime = new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
        _sqs.Send(Queue, Ec2Event("EC2 Instance Rebalance Recommendation", $$"""{"instance-id":"{{InstanceId}}"}""", eventTime));
        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");

        var claim = _claims.Find(ClaimName)!;
        Assert.False(claim.Deleting);
        Assert.Equal(eventTime, DateTimeOffset.Parse(claim.Annotations[RebalanceRecommendations.ClaimAnnotation], CultureInfo.InvariantCulture));
        Assert.Empty(_prepared.Calls);
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
        Assert.Equal(1, ReadMetric("extender_interruption_actions_total", ["action=\"Replace\""]));
    }

    // SQS hands out ten messages a receive: the eleventh must not wait for the first ten's plans.
    [Fact]
    public async Task ABatchStillBeingHandled_DoesNotHoldTheNextReceive()
    {
        var release = new TaskCompletionSource();
        _prepared.Holding = release.Task;
        _nodes.UpsertNode(new NodeBuilder(InterruptionWorld.NodeName).Build());
        for (var i = 0; i < 15; i++)
        {
            _sqs.Send(Queue, Ec2Event("EC2 Spot Instance Interruption Warning", $$"""{"instance-id":"{{InstanceId}}","instance-action":"terminate"}"""));
        }

        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Receipts.Count == 15, "all 15 messages received while the first ten are being handled");
        Assert.Equal(15, _sqs.Depth(Queue));
        release.SetResult();
        await Until(() => _sqs.Depth(Queue) == 0, "every message deleted once handled");
    }

    [Fact]
    public async Task InstancesThatAreNotOursAreIgnored()
    {
        _sqs.Send(Queue, Ec2Event("EC2 Spot Instance Interruption Warning", """{"instance-id":"i-0ffffffffffffffff","instance-action":"terminate"}"""));
        await _service.StartAsync(CancellationToken.None);

        await Until(() => _sqs.Depth(Queue) == 0, "the message's deletion");
        Assert.False(_claims.Find(ClaimName)!.Deleting);
        Assert.True(Offerings.IsAvailable("m7i.large", "us-east-1a", "spot"));
    }

    [Fact]
    public async Task OnlyTheLeaderWithASyncedCacheReceives()
    {
        _cluster.IsLeader = false;
        _sqs.Send(Queue, Ec2Event("EC2 Spot Instance Interruption Warning", $$"""{"instance-id":"{{InstanceId}}","instance-action":"terminate"}"""));
        await _service.StartAsync(CancellationToken.None);
        await Task.Delay(1500, CancellationToken.None);
        Assert.Equal(1, _sqs.Depth(Queue));
        Assert.Equal(0, ReadMetric("extender_interruption_received_messages_total", []));

        _cluster.IsLeader = true;
        _cluster.IsSynced = false;
        await Task.Delay(1500, CancellationToken.None);
        Assert.False(_claims.Find(ClaimName)!.Deleting);

        _cluster.IsSynced = true;
        await Until(() => _claims.Find(ClaimName)!.Deleting, "the claim's deletion once leading and synced");
    }
}
