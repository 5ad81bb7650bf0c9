using k8s;

namespace Extender.Kubernetes.Client;

/// <summary>Builds the KubernetesClient of each <see cref="KubernetesLane"/>, from options.</summary>
internal static class KubernetesClientFactory
{
    /// <summary>
    /// A client of its own for <paramref name="lane"/>: its own rate limiter (so it never queues behind another lane)
    /// and its own HttpClient and connections.
    /// </summary>
    public static IKubernetes Create(KubernetesOptions options, KubernetesLane lane, TimeSpan renewDeadline)
    {
        var configuration = Configuration(options);
        configuration.HttpClientTimeout = RequestTimeout(options, lane, renewDeadline);
        return new k8s.Kubernetes(configuration, Handlers(options, lane));
    }

    /// <summary>The handlers every client's requests pass through, outermost first.</summary>
    public static DelegatingHandler[] Handlers(KubernetesOptions options, KubernetesLane lane)
    {
        var limit = options.Lanes.For(lane);
        return [new ResponseBufferingHandler(), new WatchOverHttp11Handler(), new RateLimitingHandler(limit.Qps, limit.Burst)];
    }

    /// <summary>How long one non-watch request of <paramref name="lane"/> may take.</summary>
    public static TimeSpan RequestTimeout(KubernetesOptions options, KubernetesLane lane, TimeSpan renewDeadline) =>

        // A lease call that outlives the renew deadline is worthless (the leader has stepped down by then), and one
        // that lands after it could renew a lease another replica is about to take.
        lane == KubernetesLane.Leases && renewDeadline < options.RequestTimeout ? renewDeadline : options.RequestTimeout;

    /// <summary>Explicit kubeconfig, then <c>KUBECONFIG</c>, then in-cluster credentials, then <c>~/.kube/config</c> (client-go's order).</summary>
    public static KubernetesClientConfiguration Configuration(KubernetesOptions options)
    {
        var path = !string.IsNullOrEmpty(options.Kubeconfig)
            ? options.Kubeconfig
            : Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (!string.IsNullOrEmpty(path))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
        }

        return KubernetesClientConfiguration.IsInCluster()
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: options.Context);
    }
}
