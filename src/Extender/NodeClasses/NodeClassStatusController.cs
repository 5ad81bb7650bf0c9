using System.Threading.Channels;
using Extender.Kubernetes.Leadership;
using Microsoft.Extensions.Options;

namespace Extender.NodeClasses;

/// <summary>
/// Keeps EC2NodeClass and NodePool status current while this replica leads: woken by a change of a class, a pool or a
/// claim (gathered for <see cref="NodeClassStatusOptions.Debounce"/>, so a burst of launches is one pass), by gaining
/// the lead, and by the resync interval. It never runs on the provisioning path: batches read what it resolved.
/// </summary>
internal sealed class NodeClassStatusController(
    ILeaderStatus leader,
    NodeClassStatusUpdater classes,
    NodePoolStatusUpdater pools,
    IOptions<NodeClassStatusOptions> options,
    TimeProvider time,
    ILogger<NodeClassStatusController> logger) : BackgroundService
{
    private readonly Channel<byte> _wakes = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        classes.Subscribe(Wake);
        pools.Subscribe(Wake);
        leader.LeadershipChanged += _ => Wake();
        Wake();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await WaitAsync(stoppingToken);
                if (!leader.IsLeader)
                {
                    continue;
                }

                await Task.Delay(options.Value.Debounce, time, stoppingToken);
                _wakes.Reader.TryRead(out _);
                try
                {
                    await classes.UpdateAsync(stoppingToken);
                    await pools.UpdateAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    NodeClassStatusLog.PassFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: status is computed afresh by the next leader.
        }
    }

    private void Wake() => _wakes.Writer.TryWrite(0);

    /// <summary>Until a change wakes the loop, or the resync interval passes.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(_wakes.Reader.WaitToReadAsync(stop.Token).AsTask(), Task.Delay(options.Value.ResyncInterval, time, stop.Token));
        await stop.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        _wakes.Reader.TryRead(out _);
    }
}
