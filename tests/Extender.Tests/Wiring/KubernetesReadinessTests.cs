using Extender.Kubernetes.State;
using Extender.Wiring;

namespace Extender.Tests.Wiring;

/// <summary>Readiness waits for every cache; the sweep of deleted pods' room waits only for the pod cache.</summary>
public sealed class KubernetesReadinessTests
{
    [Theory]
    [InlineData(new string[0], true, true)]
    [InlineData(new[] { "capacitybuffers" }, false, true)]
    [InlineData(new[] { "pods" }, false, false)]
    [InlineData(new[] { "nodes", "pods" }, false, false)]
    public void Synced_UnlistedCaches_ReadyWhenNoneIsLeft_PodsSyncedOnceThePodCacheListed(string[] unsynced, bool ready, bool podsSynced)
    {
        var readiness = new KubernetesReadiness(new Listed(unsynced));

        Assert.Equal((ready, ready, podsSynced), (readiness.IsReady, readiness.IsSynced, readiness.PodsSynced));
    }

    private sealed class Listed(string[] unsynced) : IKubernetesSyncStatus
    {
        public bool IsSynced => unsynced.Length == 0;

        public IReadOnlyList<string> Unsynced => unsynced;

        public Task WhenSyncedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
