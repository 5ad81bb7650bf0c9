using System.Text.Json;
using Extender.Endpoints.Filter;
using Extender.Endpoints.Http;
using Extender.Endpoints.Prioritize;

namespace Extender.Endpoints.Warmup;

/// <summary>
/// Runs <c>filter</c> and <c>prioritize</c> on a sample in both node modes before the server listens: the first
/// deserialization in a process costs ~150 ms of JIT and type loading, which would otherwise land on the scheduler's
/// first call. Hosted services start before the server, so no request can beat it.
/// </summary>
internal sealed partial class ExtenderWarmup(FilterVerb filter, PrioritizeVerb prioritize, TimeProvider time, ILogger<ExtenderWarmup> logger)
    : IHostedService
{
    private const int Rounds = 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        byte[][] samples = [WarmupSample.WithNodes(), WarmupSample.WithNodeNames()];
        using var response = new PooledBufferWriter(4096);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var sample in samples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Run(response, writer => filter.Respond(sample, writer, handOff: false));
                await Run(response, writer => prioritize.HandleAsync(sample, writer, cancellationToken).AsTask());
            }
        }

        var elapsed = time.GetElapsedTime(started);
        LogWarmedUp(elapsed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void Run(PooledBufferWriter response, Action<Utf8JsonWriter> verb)
    {
        response.Clear();
        using var writer = new Utf8JsonWriter(response);
        verb(writer);
    }

    private static async Task Run(PooledBufferWriter response, Func<Utf8JsonWriter, Task> verb)
    {
        response.Clear();
        await using var writer = new Utf8JsonWriter(response);
        await verb(writer);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Extender verbs warmed up in {Elapsed}")]
    private partial void LogWarmedUp(TimeSpan elapsed);
}
