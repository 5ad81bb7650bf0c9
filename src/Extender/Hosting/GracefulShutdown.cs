using Extender.Health;
using Microsoft.Extensions.Options;

namespace Extender.Hosting;

/// <summary>
/// The first step of a stop: <c>/readyz</c> turns 503 and the server keeps answering for the drain delay. It runs in
/// <see cref="IHostedLifecycleService.StoppingAsync"/>, which the host calls before stopping any hosted service, so
/// the provisioner, the leader election and the watches are still running while traffic moves away.
/// </summary>
internal sealed partial class GracefulShutdown(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService, IReadinessCheck
{
    private readonly Lock _gate = new();
    private Task? _draining;

    public string Name => "shutting down";

    public bool IsReady => Volatile.Read(ref _draining) is null;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Only the first call drains; a second stop (Ctrl+C twice, dispose after stop) joins it.
            return _draining ??= DrainAsync(cancellationToken);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        LogDraining(delay);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout is shorter than the drain delay: carry on stopping.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Stopping: not ready any more, serving for {DrainDelay} before the services stop")]
    private partial void LogDraining(TimeSpan drainDelay);
}
