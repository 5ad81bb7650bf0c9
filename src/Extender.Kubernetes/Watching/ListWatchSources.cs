using System.Runtime.CompilerServices;
using System.Text.Json;
using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Watching;

/// <summary>The list and watch calls of every resource the adapter caches.</summary>
internal static class ListWatchSources
{
    public static IListWatchSource<V1Pod> Pods(IKubernetes client) => new ListWatchSource<V1Pod>(
        "pods",
        async (next, limit, ct) =>
        {
            var list = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1Pod>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static IListWatchSource<V1Node> Nodes(IKubernetes client) => new ListWatchSource<V1Node>(
        "nodes",
        async (next, limit, ct) =>
        {
            var list = await client.CoreV1.ListNodeAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1Node>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>Namespaces: their labels, for the namespace selectors of pod affinity terms.</summary>
    public static IListWatchSource<V1Namespace> Namespaces(IKubernetes client) => new ListWatchSource<V1Namespace>(
        "namespaces",
        async (next, limit, ct) =>
        {
            var list = await client.CoreV1.ListNamespaceAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1Namespace>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespaceAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static IListWatchSource<V1DaemonSet> DaemonSets(IKubernetes client) => new ListWatchSource<V1DaemonSet>(
        "daemonsets",
        async (next, limit, ct) =>
        {
            var list = await client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1DaemonSet>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>Deployments: a CapacityBuffer's <c>scalableRef</c> (template, replicas and selector).</summary>
    public static IListWatchSource<V1Deployment> Deployments(IKubernetes client) => new ListWatchSource<V1Deployment>(
        "deployments",
        async (next, limit, ct) =>
        {
            var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1Deployment>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    /// <summary>PodTemplates: a CapacityBuffer's <c>podTemplateRef</c>.</summary>
    public static IListWatchSource<V1PodTemplate> PodTemplates(IKubernetes client) => new ListWatchSource<V1PodTemplate>(
        "podtemplates",
        async (next, limit, ct) =>
        {
            var list = await client.CoreV1.ListPodTemplateForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1PodTemplate>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.CoreV1.WatchListPodTemplateForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static IListWatchSource<V1PodDisruptionBudget> PodDisruptionBudgets(IKubernetes client) => new ListWatchSource<V1PodDisruptionBudget>(
        "poddisruptionbudgets",
        async (next, limit, ct) =>
        {
            var list = await client.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<V1PodDisruptionBudget>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => client.PolicyV1.WatchListPodDisruptionBudgetForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static IListWatchSource<T> Custom<T>(IKubernetes client, string plural)
        where T : IKubernetesObject<V1ObjectMeta> => Custom<T>(client, CustomResourceGroup.Group, CustomResourceGroup.Version, plural);

    /// <summary>A custom resource of any group, across all namespaces when it is namespaced.</summary>
    public static IListWatchSource<T> Custom<T>(IKubernetes client, string group, string version, string plural)
        where T : IKubernetesObject<V1ObjectMeta> => new ListWatchSource<T>(
        plural,
        async (next, limit, ct) =>
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<T>>(
                group, version, plural, continueParameter: next, limit: limit, cancellationToken: ct);
            return new ListPage<T>([.. list.Items], list.Metadata.ResourceVersion, list.Metadata.ContinueProperty);
        },
        (rv, timeout, onError, ct) => WatchCustomAsync<T>(client, group, version, plural, rv, timeout, onError, ct));

    private static async IAsyncEnumerable<(WatchEventType, T)> WatchCustomAsync<T>(
        IKubernetes client, string group, string version, string plural, string resourceVersion, int timeoutSeconds, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The untyped custom-object watch yields JsonElements; the typed model is read from each one.
        await foreach (var (type, obj) in client.CustomObjects.WatchListClusterCustomObjectAsync(
                           group, version, plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                           timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: cancellationToken))
        {
            yield return (type, KubernetesJson.Deserialize<T>(((JsonElement)obj).GetRawText()));
        }
    }
}
