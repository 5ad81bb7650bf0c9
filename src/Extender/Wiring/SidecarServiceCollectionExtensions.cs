using Extender.Aws;
using Extender.Aws.Images;
using Extender.Aws.NodeClasses;
using Extender.Disruption.Ports;
using Extender.Headroom;
using Extender.Health;
using Extender.Interruption;
using Extender.Kubernetes.Hosting;
using Extender.Kubernetes.State;
using Extender.NodeClasses;
using Extender.Provisioning;
using Extender.Provisioning.Ports;
using EndpointBinder = Extender.Endpoints.Bind.IPodBinder;

namespace Extender.Wiring;

/// <summary>
/// The production sidecar: the Kubernetes adapter behind the extender and the provisioner's ports, EC2 behind the
/// capacity port. Tests compose the same host with fakes instead of calling this.
/// </summary>
internal static class SidecarServiceCollectionExtensions
{
    public static IServiceCollection AddKubernetesAndAws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKubernetesState(configuration);
        services.AddSingleton<KubernetesReadiness>();
        services.AddSingleton<ISyncStatus>(sp => sp.GetRequiredService<KubernetesReadiness>());
        services.AddSingleton<IReadinessCheck>(sp => sp.GetRequiredService<KubernetesReadiness>());
        services.AddSingleton<INodeClaimStore, KubernetesNodeClaimStore>();
        services.AddSingleton<INodeClassDrift, NodeClassDriftSource>();
        services.AddSingleton<IPodEventRecorder, KubernetesPodEventRecorder>();
        services.AddSingleton<INodePatcher, KubernetesNodePatcher>();
        services.AddSingleton<IPodEvictor, KubernetesPodEvictor>();
        services.AddSingleton<IVolumeAttachmentSource, KubernetesVolumeAttachments>();
        services.AddSingleton<IDisruptionEvents, KubernetesDisruptionEvents>();
        services.AddSingleton<ILeadership, KubernetesLeadership>();
        services.AddSingleton<INodePoolSource, NodePoolSource>();
        services.AddSingleton<IDaemonSetSource, DaemonSetSource>();
        services.AddSingleton<IPodBudgetSource, PodBudgetSource>();
        services.AddSingleton<EndpointBinder, KubernetesPodBinder>();
        services.AddSingleton<IClusterObserver, ProvisioningObserver>();
        services.AddHostedService<ClaimReservationSource>();

        // Registered before AddAwsCapacity, whose in-memory and always-leading defaults only apply when none exists.
        services.AddSingleton<INodeClassSource, NodeClassSource>();
        services.AddSingleton<IAwsLeadership, ProvisioningAwsLeadership>();
        services.AddSingleton<IKubernetesVersion, ApiServerKubernetesVersion>();
        services.AddAwsCapacity(configuration);

        services.AddNodeClassStatus(configuration);
        services.AddProvisioner(configuration);
        services.AddHeadroom(configuration);
        services.AddInterruption(configuration);
        return services;
    }
}
