using k8s;
using k8s.Models;

namespace Extender.Sandbox.Demo;

/// <summary>
/// Creates the scenario's waves of pods through the API server at their offsets from the start, as users and
/// controllers would, and remembers when each pod was created. A wave's pods are created as the ReplicaSet controller
/// creates a Deployment's replicas: in batches of 1, 2, 4, ... whose creates run concurrently (its slow start).
/// </summary>
public sealed class WorkloadDriver(IKubernetes client, Scenario scenario, TimeProvider time)
{
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    // The ReplicaSet controller's burstReplicas: the most pods it creates in one sync.
    private const int MaxBatch = 500;
    private readonly List<CreatedPod> _created = [];
    private readonly Lock _lock = new();

    /// <summary>Pods created so far, in creation order.</summary>
    public IReadOnlyList<CreatedPod> Created
    {
        get
        {
            lock (_lock)
            {
                return [.. _created];
            }
        }
    }

    /// <summary>How many pods the whole scenario creates.</summary>
    public int Planned => scenario.Waves.Sum(w => w.Pods?.Count ?? w.Count);

    /// <summary>Runs every wave; returns when the last one has been created.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        foreach (var wave in scenario.Waves.OrderBy(w => w.At).ThenBy(w => w.Name, StringComparer.Ordinal))
        {
            var wait = start + wave.At - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            await CreateWaveAsync(WavePods.Build(wave), cancellationToken);
        }
    }

    private async Task CreateWaveAsync(IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        var batch = 1;
        for (var next = 0; next < pods.Count; next += batch, batch = Math.Min(batch * 2, MaxBatch))
        {
            var created = await Task.WhenAll(pods.Skip(next).Take(batch).Select(p => CreateAsync(p, cancellationToken)));
            lock (_lock)
            {
                _created.AddRange(created);
            }
        }
    }

    private async Task<CreatedPod> CreateAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ApiTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: linked.Token);
        return new CreatedPod($"{ns}/{created.Metadata.Name}", created.Metadata.Uid ?? "", time.GetUtcNow());
    }
}
