namespace Extender.Kubernetes.State;

internal sealed class KubernetesSyncStatus(ReflectorSet reflectors) : IKubernetesSyncStatus
{
    public bool IsSynced => reflectors.All.All(r => r.IsSynced);

    public IReadOnlyList<string> Unsynced => [.. reflectors.All.Where(r => !r.IsSynced).Select(r => r.Resource)];

    public Task WhenSyncedAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(reflectors.All.Select(r => r.Synced)).WaitAsync(cancellationToken);
}
