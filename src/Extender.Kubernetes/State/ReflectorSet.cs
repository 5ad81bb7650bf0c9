using Extender.Kubernetes.Client;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Watching;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.State;

/// <summary>One reflector per cached resource, each feeding its sink.</summary>
internal sealed class ReflectorSet
{
    public ReflectorSet(
        [FromKeyedServices(KubernetesLane.Reads)] IKubernetes client,
        PodStateSink pods,
        NodeStateSink nodes,
        NamespaceStateSink namespaces,
        ObjectCache<V1DaemonSet> daemonSets,
        ObjectCache<V1PodDisruptionBudget> podBudgets,
        ObjectCache<NodePoolResource> nodePools,
        ObjectCache<EC2NodeClass> nodeClasses,
        ObjectCache<NodeClaim> nodeClaims,
        ObjectCache<CapacityBuffer> buffers,
        ObjectCache<V1Deployment> deployments,
        ObjectCache<V1PodTemplate> podTemplates,
        IOptions<KubernetesOptions> options,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Extender.Kubernetes.Watching.Reflector");
        IReflector Reflect<T>(IListWatchSource<T> source, IResourceSink<T> sink)
            where T : IKubernetesObject<V1ObjectMeta> =>
            new Reflector<T>(source, sink, options.Value, time, logger, Random.Shared);

        All =
        [
            Reflect(ListWatchSources.Nodes(client), nodes),
            Reflect(ListWatchSources.Pods(client), pods),
            Reflect(ListWatchSources.Namespaces(client), namespaces),
            Reflect(ListWatchSources.DaemonSets(client), daemonSets),
            Reflect(ListWatchSources.PodDisruptionBudgets(client), podBudgets),
            Reflect(ListWatchSources.Custom<NodePoolResource>(client, NodePoolResource.Plural), nodePools),
            Reflect(ListWatchSources.Custom<EC2NodeClass>(client, EC2NodeClass.Plural), nodeClasses),
            Reflect(ListWatchSources.Custom<NodeClaim>(client, NodeClaim.Plural), nodeClaims),
            Reflect(ListWatchSources.Custom<CapacityBuffer>(client, CapacityBuffer.Group, CapacityBuffer.Version, CapacityBuffer.Plural), buffers),
            Reflect(ListWatchSources.Deployments(client), deployments),
            Reflect(ListWatchSources.PodTemplates(client), podTemplates),
        ];
    }

    public IReadOnlyList<IReflector> All { get; }
}
