using System.Text.Json;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Core.Resources;
using Extender.Endpoints.Filter;
using Extender.Endpoints.Http;
using Extender.Endpoints.Prioritize;

namespace Extender.Endpoints.Warmup;

/// <summary>
/// Runs <c>filter</c> and <c>prioritize</c> on a sample in both node modes before the server listens, through the
/// same body reading and buffering as a real request: the first deserialization in a process costs ~150 ms of JIT
/// and contract loading, which would otherwise land on the scheduler's first call. Hosted services start before
/// the server, so no request can beat it; nothing is counted in the metrics.
/// </summary>
internal sealed partial class ExtenderWarmup(
    ExtenderVerbPipeline pipeline,
    FilterVerb filter,
    PrioritizeVerb prioritize,
    TimeProvider time,
    ILogger<ExtenderWarmup> logger) : IHostedService
{
    private const int Rounds = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var withNodes = WarmupSample.WithNodes();
        var withNames = WarmupSample.WithNodeNames();
        var sample = SampleCluster();
        var held = SampleReservation();
        using var response = new PooledBufferWriter(4096);
        for (var round = 0; round < Rounds; round++)
        {
            // The sample pod fits the sample node, so a full run of filter hands nothing to the provisioner; with
            // names it runs against a sample cluster holding that node, with capacity reserved on it for another pod,
            // so that the name lookup, the label columns and the reservation checks are compiled too.
            await RunAsync(withNodes, filter, response, cancellationToken);
            await RunAsync(withNodes, prioritize, response, cancellationToken);
            await RunAsync(withNames, prioritize, response, cancellationToken);
            response.Clear();
            using var writer = new Utf8JsonWriter(response);
            filter.Respond(withNames, writer, sample, held, handOff: false);
        }

        var elapsed = time.GetElapsedTime(started);
        LogWarmedUp(elapsed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static ClusterSnapshot SampleCluster()
    {
        var cluster = new ClusterState();
        cluster.UpsertNode(WarmupSample.ClusterNode());
        return cluster.Current;
    }

    private ReservationLedger SampleReservation()
    {
        const string claim = "extender-warmup-claim";
        var other = new ReservedPod(new PodReference("", "extender-warmup-other", "extender-warmup-other"), ResourceList.Of(("cpu", 100)), time.GetUtcNow());
        var ledger = new ReservationLedger();
        ledger.Update(_ => ReservationSnapshot.Empty.Reserve(claim, [other]).AttachNode(claim, WarmupSample.NodeName));
        return ledger;
    }

    private async Task RunAsync(byte[] sample, IExtenderVerb verb, PooledBufferWriter response, CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentLength = sample.Length;
        context.Request.Body = new MemoryStream(sample, writable: false);
        response.Clear();
        await pipeline.ExecuteAsync(context, verb, response, cancellationToken);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Extender verbs warmed up in {Elapsed}")]
    private partial void LogWarmedUp(TimeSpan elapsed);
}
