using Extender.Aws.Interruption;
using Extender.Core.Interruption;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Interruption;

/// <summary>
/// The leader's interruption loop, as Karpenter's interruption controller: long-poll the queue, handle each batch's
/// messages in parallel, delete each once handled or found unparseable. A message whose handling failed is left on
/// the queue, to come back after its visibility timeout. Off while <c>Interruption:QueueName</c> is empty.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

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

                var messages = await queue.ReceiveAsync(stoppingToken);
                retry = FirstRetry;
                handler.MarkOfferings(messages);
                await Task.WhenAll(messages.Select(m => HandleAsync(m, stoppingToken)));
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
