using k8s;
using k8s.Models;

namespace Extender.Sandbox.Demo;

/// <summary>
/// Creates the scenario's waves of pods through the API server at their offsets from the start, as users and
/// controllers would, and remembers when each pod was created. A wave's pods are created as the ReplicaSet controller
/// creates a Deployment's replicas: in batches of 1, 2, 4, ... whose creates run concurrently (its slow start). A
/// Deployment wave creates its Deployment and leaves the pods to the sandbox's controllers; its pods count as created
/// when the Deployment was (what a user who ran <c>kubectl apply</c> waits from), see <see cref="CollectDeploymentPodsAsync"/>.
/// </summary>
public sealed class WorkloadDriver(IKubernetes client, Scenario scenario, TimeProvider time)
{
    private static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(10);

    // The ReplicaSet controller's burstReplicas: the most pods it creates in one sync.
    private const int MaxBatch = 500;
    private readonly List<CreatedPod> _created = [];
    private readonly Lock _lock = new();
    private readonly List<(Wave Wave, DateTimeOffset CreatedAt)> _deployments = [];

    // Deployment waves the headroom phase scaled up, with their replicas since.
    private readonly Dictionary<string, int> _scaledUp = new(StringComparer.Ordinal);

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

            if (wave.IsDeployment)
            {
                await CreateDeploymentAsync(wave, cancellationToken);
            }
            else
            {
                await CreateWaveAsync(WavePods.Build(wave), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Adds the Deployment waves' pods that exist now to <see cref="Created"/>, each created when its Deployment was.
    /// Call it once the pods are there (the controllers create them after the Deployment).
    /// </summary>
    public async Task CollectDeploymentPodsAsync(CancellationToken cancellationToken)
    {
        List<(Wave Wave, DateTimeOffset CreatedAt)> deployments;
        lock (_lock)
        {
            deployments = [.. _deployments];
        }

        foreach (var (wave, createdAt) in deployments)
        {
            using var timeout = new CancellationTokenSource(ApiTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var pods = await client.CoreV1.ListNamespacedPodAsync(wave.Namespace, labelSelector: $"{WavePods.AppLabel}={wave.Name}", cancellationToken: linked.Token);
            lock (_lock)
            {
                var known = _created.Select(c => c.Uid).ToHashSet(StringComparer.Ordinal);
                _created.AddRange(pods.Items
                    .Where(p => !known.Contains(p.Metadata.Uid))
                    .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
                    .Select(p => new CreatedPod($"{wave.Namespace}/{p.Metadata.Name}", p.Metadata.Uid ?? "", createdAt)));
            }
        }
    }

    /// <summary>
    /// The scale-in: every wave with a <c>scaleTo</c> keeps that many pods. A Deployment is scaled (its controller
    /// chooses which pods go); a wave of bare pods loses its newest ones, as <c>kubectl delete</c> would remove them.
    /// Returns how many pods were asked to go.
    /// </summary>
    public async Task<int> ScaleInAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var wave in scenario.Waves.Where(w => w.ScaleTo is not null))
        {
            var keep = wave.ScaleTo!.Value;
            using var timeout = new CancellationTokenSource(ApiTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            if (wave.IsDeployment)
            {
                int replicas;
                lock (_lock)
                {
                    replicas = _scaledUp.GetValueOrDefault(wave.Name, wave.Count);
                }

                await ScaleAsync(wave, keep, linked.Token);
                removed += Math.Max(0, replicas - keep);
                continue;
            }

            foreach (var pod in WavePods.Build(wave).Skip(keep))
            {
                await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty ?? wave.Namespace, cancellationToken: linked.Token);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// The headroom phase's scale-up: every Deployment wave with a <c>scaleUpTo</c> is scaled to it, all at once, as
    /// <c>kubectl scale</c> commands run together would. Returns the waves scaled.
    /// </summary>
    public async Task<IReadOnlyList<Wave>> ScaleUpAsync(CancellationToken cancellationToken)
    {
        var waves = scenario.Waves.Where(w => w.IsDeployment && w.ScaleUpTo is not null).ToList();
        using var timeout = new CancellationTokenSource(ApiTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await Task.WhenAll(waves.Select(w => ScaleAsync(w, w.ScaleUpTo!.Value, linked.Token)));
        lock (_lock)
        {
            foreach (var wave in waves)
            {
                _scaledUp[wave.Name] = wave.ScaleUpTo!.Value;
            }
        }

        return waves;
    }

    private Task<V1Scale> ScaleAsync(Wave wave, int replicas, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch), wave.Name, wave.Namespace, cancellationToken: cancellationToken);

    private async Task CreateDeploymentAsync(Wave wave, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ApiTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var createdAt = time.GetUtcNow();
        await client.AppsV1.CreateNamespacedDeploymentAsync(WavePods.Deployment(wave), wave.Namespace, cancellationToken: linked.Token);
        lock (_lock)
        {
            _deployments.Add((wave, createdAt));
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
