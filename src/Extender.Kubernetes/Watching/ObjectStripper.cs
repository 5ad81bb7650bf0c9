using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Watching;

/// <summary>Drops what no consumer reads but every object carries, before anything is cached.</summary>
internal static class ObjectStripper
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public static T Strip<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
            metadata.Annotations?.Remove(LastApplied);
        }

        if (obj is V1DaemonSet daemonSet)
        {
            daemonSet.Status = null;
        }

        return obj;
    }
}
