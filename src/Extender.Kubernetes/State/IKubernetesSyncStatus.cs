namespace Extender.Kubernetes.State;

/// <summary>Whether every watch-fed cache has completed its first list; <c>/readyz</c> and the provisioner consult it.</summary>
public interface IKubernetesSyncStatus
{
    bool IsSynced { get; }

    /// <summary>Resources whose first list has not completed yet (for readiness messages).</summary>
    IReadOnlyList<string> Unsynced { get; }

    /// <summary>Completes when <see cref="IsSynced"/> turns true.</summary>
    Task WhenSyncedAsync(CancellationToken cancellationToken);
}
