using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.Provisioning.Ports;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Extender.Headroom;

/// <summary>
/// Runs a <see cref="HeadroomPass"/> on every replica whenever something that sizes or uses a buffer changes (the
/// buffers, Deployments, PodTemplates; an intended pod taking room) and at least every
/// <see cref="HeadroomOptions.Interval"/>; never on an unsynced cache.
/// </summary>
internal sealed class HeadroomController(
    HeadroomPass pass,
    HeadroomRoom room,
    ISyncStatus sync,
    IObjectCache<CapacityBuffer> buffers,
    IObjectCache<V1Deployment> deployments,
    IObjectCache<V1PodTemplate> templates,
    IOptions<HeadroomOptions> options,
    ILogger<HeadroomController> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        buffers.Changed += room.Wake;
        deployments.Changed += room.Wake;
        templates.Changed += room.Wake;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await room.WaitAsync(options.Value.Interval, stoppingToken);
                if (!sync.IsSynced)
                {
                    continue;
                }

                try
                {
                    await pass.RunAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    HeadroomLog.PassFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the holds are in the claims, and the next leader takes them in from the watch.
        }
    }
}
