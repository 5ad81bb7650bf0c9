using Extender.Core.Cluster;
using Extender.Kubernetes.Client;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Events;
using Extender.Kubernetes.Leadership;
using Extender.Kubernetes.State;
using Extender.Kubernetes.Writes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Hosting;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// The Kubernetes adapter: one client per <see cref="KubernetesLane"/> (section <c>Kubernetes</c>, limits in
    /// <c>Kubernetes:Lanes</c>; keyed <see cref="IKubernetes"/> services, the unkeyed one is the reads lane), watch-fed <see cref="ClusterState"/> and object
    /// caches, <see cref="IKubernetesSyncStatus"/> for readiness, the writers, the event recorder
    /// (<c>Kubernetes:Events</c>) and leader election (<c>Kubernetes:LeaderElection</c>). Options are validated at start.
    /// </summary>
    public static IServiceCollection AddKubernetesState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KubernetesOptions>().Bind(configuration.GetSection(KubernetesOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>();
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LeaderElectionOptions>().Bind(configuration.GetSection(LeaderElectionOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.RenewDeadline < o.LeaseDuration, $"{LeaderElectionOptions.Section}:RenewDeadline must be shorter than LeaseDuration").ValidateOnStart();
        services.TryAddSingleton(_ => new PodNamespace());
        services.AddSingleton<IPostConfigureOptions<LeaderElectionOptions>, LeaseNamespaceDefault>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClusterState>();
        foreach (var lane in Enum.GetValues<KubernetesLane>())
        {
            services.AddKeyedSingleton(lane, (sp, _) => CreateClient(sp, lane));
        }

        // Code that does not name a lane reads: writes must choose theirs, so that none lands in a busy queue by accident.
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IKubernetes>(KubernetesLane.Reads));

        services.AddSingleton<PodStateSink>();
        services.AddSingleton<NodeStateSink>();
        services.AddSingleton<NamespaceStateSink>();
        AddCache<V1DaemonSet>(services);
        AddCache<V1PodDisruptionBudget>(services);
        AddCache<NodePoolResource>(services);
        AddCache<EC2NodeClass>(services);
        AddCache<NodeClaim>(services);
        AddCache<CapacityBuffer>(services);
        AddCache<V1Deployment>(services);
        AddCache<V1PodTemplate>(services);
        services.AddSingleton<ReflectorSet>();
        services.AddSingleton<IKubernetesSyncStatus, KubernetesSyncStatus>();
        services.AddHostedService<KubernetesStateService>();

        services.AddSingleton<INodeClaimWriter, NodeClaimWriter>();
        services.AddSingleton<IPodBinder, PodBinder>();
        services.AddSingleton<INodeWriter, NodeWriter>();
        services.AddSingleton<ICustomResourceStatusWriter, CustomResourceStatusWriter>();
        services.AddSingleton<EventRecorder>();
        services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<EventRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<EventRecorder>());

        services.AddSingleton<LeaseLeaderElector>();
        services.AddSingleton<ILeaderStatus>(sp => sp.GetRequiredService<LeaseLeaderElector>());
        services.AddHostedService(sp => sp.GetRequiredService<LeaseLeaderElector>());
        return services;
    }

    private static IKubernetes CreateClient(IServiceProvider services, KubernetesLane lane) => KubernetesClientFactory.Create(
        services.GetRequiredService<IOptions<KubernetesOptions>>().Value,
        lane,
        services.GetRequiredService<IOptions<LeaderElectionOptions>>().Value.RenewDeadline);

    private static void AddCache<T>(IServiceCollection services)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        services.AddSingleton<ObjectCache<T>>();
        services.AddSingleton<IObjectCache<T>>(sp => sp.GetRequiredService<ObjectCache<T>>());
    }
}
