using Extender.Aws.Interruption;
using Extender.Core.Interruption;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Interruption;

/// <summary>
/// The leader's interruption loop, as Karpenter's interruption controller: long-poll the queue, handle each batch's
/// messages in parallel, delete each once handled or found unparseable. A message whose handling failed is left on
/// the queue, to come back after its visibility timeout. Off while <c>Interruption:QueueName</c> is empty.
/// Unlike Karpenter, the next receive does not wait for a batch to be handled (up to <see cref="MaxInFlight"/>
/// messages): a spot warning's handling waits for its replacements' plan and claims, and SQS hands out ten messages
/// at a time, so a mass interruption's fifth batch would otherwise wait for four plans before it is even read.
/// </summary>
internal sealed class InterruptionService(
    IOptions<InterruptionQueueOptions> options,
    ILeadership leadership,
    ISyncStatus sync,
    IInterruptionQueue queue,
    InterruptionHandler handler,
    TimeProvider time,
    ILogger<InterruptionService> logger) : BackgroundService
{
    private static readonly TimeSpan NotLeadingPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Messages being handled at once; beyond it the loop waits for one to finish before it receives again.</summary>
    private const int MaxInFlight = 100;

    private readonly HashSet<Task> _inFlight = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await ReceiveLoopAsync(stoppingToken);
        }
        finally
        {
            // Handling stops with the host; what it had not finished stays on the queue for the next leader.
            try
            {
                await Task.WhenAll(_inFlight);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Only the leader acts, and never on an unsynced cache: a claim not listed yet would look foreign and
                // its message would be deleted unhandled.
                if (!leadership.IsLeader || !sync.IsSynced)
                {
                    await Task.Delay(NotLeadingPause, time, stoppingToken);
                    continue;
                }

                while (_inFlight.Count >= MaxInFlight)
                {
                    _inFlight.Remove(await Task.WhenAny(_inFlight));
                }

                var messages = await queue.ReceiveAsync(stoppingToken);
                retry = FirstRetry;
                handler.MarkOfferings(messages);
                _inFlight.RemoveWhere(t => t.IsCompleted);
                foreach (var message in messages)
                {
                    _inFlight.Add(HandleAsync(message, stoppingToken));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                InterruptionLog.ReceiveFailed(logger, ex, retry.TotalSeconds);
                await DelayAsync(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private async Task HandleAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(message, cancellationToken);
            await queue.DeleteAsync(message, cancellationToken);
            handler.Deleted();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            InterruptionLog.HandleFailed(logger, ex, message.MessageId);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
