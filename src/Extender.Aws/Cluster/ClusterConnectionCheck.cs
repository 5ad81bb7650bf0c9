using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Cluster;

/// <summary>
/// Resolves the cluster connection before any hosted service starts (no watch, no lease, no launch), and turns a
/// failure into the same error as an invalid option: the <c>run</c> command stops with exit code 2 and one line
/// naming the option, instead of launching nodes that can never join.
/// </summary>
internal sealed class ClusterConnectionCheck(ClusterConnectionSource source) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await source.GetAsync(cancellationToken);
        }
        catch (ClusterDiscoveryException e)
        {
            throw new OptionsValidationException(AwsCapacityOptions.SectionName, typeof(AwsCapacityOptions), [e.Message]);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
