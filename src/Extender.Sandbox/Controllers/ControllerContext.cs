using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Controllers;

/// <summary>What every controller shares: the client, the informers' caches, the clock and the call limit.</summary>
internal sealed class ControllerContext(IKubernetes client, TimeProvider time, TimeSpan apiTimeout, ILogger logger)
{
    public IKubernetes Client { get; } = client;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public ObjectCache<V1Pod> Pods { get; set; } = null!;

    public ObjectCache<V1ReplicaSet> ReplicaSets { get; set; } = null!;

    public ObjectCache<V1Deployment> Deployments { get; set; } = null!;

    public ObjectCache<V1Job> Jobs { get; set; } = null!;

    public ObjectCache<V1PodDisruptionBudget> Budgets { get; set; } = null!;

    public ObjectCache<V1DaemonSet> DaemonSets { get; set; } = null!;

    public ObjectCache<V1Node> Nodes { get; set; } = null!;

    /// <summary>Runs one API call with the call limit and the caller's token.</summary>
    public async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(apiTimeout);
        return await call(timeout.Token);
    }

    /// <summary>A deep copy: cached objects are shared and must not change.</summary>
    public static T Clone<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    /// <summary>The pods of <paramref name="ns"/> whose controller is <paramref name="owner"/>.</summary>
    public IEnumerable<V1Pod> PodsControlledBy(string? ns, V1ObjectMeta owner) =>
        Pods.Values.Where(p => p.Metadata.NamespaceProperty == ns && Owners.IsControlledBy(p.Metadata, owner));
}
