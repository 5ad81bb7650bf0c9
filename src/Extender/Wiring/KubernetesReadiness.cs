using Extender.Health;
using Extender.Kubernetes.State;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>Ready once every watch-fed cache has listed: the extender must not answer from a half-filled picture.</summary>
internal sealed class KubernetesReadiness(IKubernetesSyncStatus status) : ISyncStatus, IReadinessCheck
{
    public string Name => status.IsSynced ? "kubernetes caches" : $"kubernetes caches ({string.Join(", ", status.Unsynced)})";

    public bool IsSynced => status.IsSynced;

    public bool PodsSynced => !status.Unsynced.Contains("pods");

    public bool IsReady => status.IsSynced;
}
