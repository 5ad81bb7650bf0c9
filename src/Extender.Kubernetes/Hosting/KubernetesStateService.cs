using Extender.Kubernetes.State;
using Microsoft.Extensions.Hosting;

namespace Extender.Kubernetes.Hosting;

/// <summary>Runs every reflector for the life of the host.</summary>
internal sealed class KubernetesStateService(ReflectorSet reflectors) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(reflectors.All.Select(r => Task.Run(() => r.RunAsync(stoppingToken), stoppingToken)));
}
