using k8s;

namespace Extender.Kubernetes.Client;

/// <summary>Builds the one KubernetesClient the process uses, from options.</summary>
internal static class KubernetesClientFactory
{
    public static IKubernetes Create(KubernetesOptions options)
    {
        var configuration = Configuration(options);
        configuration.HttpClientTimeout = options.RequestTimeout;
        return new k8s.Kubernetes(configuration, new RateLimitingHandler(options.Qps, options.Burst));
    }

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
