using System.Threading.Channels;
using Extender.Provisioning.Metrics;
using Microsoft.Extensions.Options;

namespace Extender.Diagnostics;

/// <summary>
/// Writes <see cref="LaunchLogLine"/>s to <see cref="LaunchLogOptions.LaunchLog"/>. The provisioning path only queues
/// a line (an observer must return at once); one background loop writes them and flushes whenever the queue is empty,
/// so a reader sees whole lines soon after they happen. Stopped after the provisioner (registered before it), so the
/// launches recorded during a stop are written too.
/// </summary>
internal sealed class LaunchLogWriter(IOptions<LaunchLogOptions> options) : BackgroundService, ILaunchObserver
{
    private readonly Channel<LaunchLogLine> _lines = Channel.CreateUnbounded<LaunchLogLine>(new UnboundedChannelOptions { SingleReader = true });

    public void Launched(string nodeClaim, string podUid, DateTimeOffset detectedAt, DateTimeOffset launchedAt) =>
        _lines.Writer.TryWrite(new LaunchLogLine(podUid, nodeClaim, detectedAt, launchedAt));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Completing the queue lets the loop write what is left and end by itself; cancelling it would drop those lines.
        _lines.Writer.TryComplete();
        if (ExecuteTask is { } loop)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var writer = new StreamWriter(options.Value.LaunchLog!, append: true);
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var line))
            {
                await writer.WriteLineAsync(line.Format());
            }

            await writer.FlushAsync(CancellationToken.None);
        }
    }
}
