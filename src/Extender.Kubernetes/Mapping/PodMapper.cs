using Extender.Core.Cluster;
using Extender.Core.Resources;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>Maps KubernetesClient pods onto the Core <see cref="Pod"/>; the only place that knows both shapes.</summary>
public static class PodMapper
{
    /// <summary>
    /// Maps a pod as <see cref="Map"/> does but without sharing its strings through this process's pool: for a pod
    /// used for one request and dropped (an extender call's pod), and for the sandbox's scheduler, which stands for
    /// a process of its own.
    /// </summary>
    public static Pod MapUnshared(V1Pod pod) => SharedStrings.Unpooled(() => Map(pod));

    /// <summary>Maps a pod; a bad quantity throws <see cref="FormatException"/> naming the pod, container and resource.</summary>
    public static Pod Map(V1Pod pod)
    {
        var meta = pod.Metadata ?? new V1ObjectMeta();
        var spec = pod.Spec ?? new V1PodSpec();
        var ns = SharedStrings.Share(meta.NamespaceProperty ?? "default");
        var name = meta.Name ?? meta.GenerateName ?? "";
        var affinity = spec.Affinity;
        return new Pod
        {
            Uid = string.IsNullOrEmpty(meta.Uid) ? $"{ns}/{name}" : meta.Uid,
            Namespace = ns,
            Name = name,
            NodeName = string.IsNullOrEmpty(spec.NodeName) ? null : SharedStrings.Share(spec.NodeName),
            SchedulerName = string.IsNullOrEmpty(spec.SchedulerName) ? "default-scheduler" : SharedStrings.Share(spec.SchedulerName),
            Priority = spec.Priority ?? 0,
            CreatedAt = ApiValues.Utc(meta.CreationTimestamp),
            Labels = SharedStrings.Map(meta.Labels),
            Requests = Demand(spec, $"{ns}/{name}"),
            NodeSelector = SharedStrings.Map(spec.NodeSelector),
            RequiredNodeAffinity = SelectorMapper.Terms(affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms),
            PreferredNodeAffinity = SelectorMapper.Each(affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution,
                t => new PreferredSchedulingTerm(t.Weight, SelectorMapper.Terms([t.Preference ?? new V1NodeSelectorTerm()])[0])),
            Tolerations = SelectorMapper.Each(spec.Tolerations, t => new Toleration(
                SharedStrings.Share(t.Key ?? ""), SharedStrings.Share(t.OperatorProperty ?? "Equal"), SharedStrings.Share(t.Value ?? ""), SharedStrings.Share(t.Effect ?? ""))),
            HostPorts = HostPorts(spec),
            RequiredPodAffinity = SelectorMapper.AffinityTerms(affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution),
            RequiredPodAntiAffinity = SelectorMapper.AffinityTerms(affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution),
            PreferredPodAffinity = SelectorMapper.WeightedAffinityTerms(affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution),
            PreferredPodAntiAffinity = SelectorMapper.WeightedAffinityTerms(affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution),
            TopologySpread = SelectorMapper.Each(spec.TopologySpreadConstraints, c => new TopologySpreadConstraint(
                c.MaxSkew, SharedStrings.Share(c.TopologyKey ?? ""), SharedStrings.Share(c.WhenUnsatisfiable ?? "DoNotSchedule"), SelectorMapper.Selector(c.LabelSelector), c.MinDomains)),
            SchedulingGated = spec.SchedulingGates is { Count: > 0 },
            OwnerKind = SharedStrings.ShareOrNull(meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Kind),
            OwnerUid = SharedStrings.ShareOrNull(meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid),
            Phase = SharedStrings.Share(pod.Status?.Phase ?? "Pending"),
            Terminating = meta.DeletionTimestamp is not null,
            PriorityClassName = SharedStrings.ShareOrNull(spec.PriorityClassName),
            TerminationGracePeriod = TimeSpan.FromSeconds(spec.TerminationGracePeriodSeconds ?? 30),
            DoNotDisrupt = DisruptionAnnotations.Value(meta.Annotations),
            MarkedUnschedulable = pod.Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" }) == true,
        };
    }

    /// <summary>Maps the pod a controller would create from <paramref name="template"/>.</summary>
    public static Pod FromTemplate(V1PodTemplateSpec template, string @namespace, string name, string uid) =>
        Map(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Uid = uid,
                Labels = template.Metadata?.Labels,
                CreationTimestamp = template.Metadata?.CreationTimestamp,
            },
            Spec = template.Spec,
        });

    private static ResourceList Demand(V1PodSpec spec, string pod)
    {
        return PodDemand.Compute(new PodResources(
            [.. (spec.Containers ?? []).Select(c => Container(c.Name, c.Resources, isSidecar: false))],
            [.. (spec.InitContainers ?? []).Select(c => Container(c.Name, c.Resources, c.RestartPolicy == "Always"))],
            Parse(spec.Overhead, "spec.overhead"),
            spec.Resources?.Requests is { Count: > 0 } podLevel ? Parse(podLevel, "spec.resources.requests") : null));

        ContainerResources Container(string? name, V1ResourceRequirements? resources, bool isSidecar)
        {
            // The API server defaults a missing request to the limit; files given to `plan` have not been through it.
            var requests = new Dictionary<string, ResourceQuantity>(resources?.Limits ?? new Dictionary<string, ResourceQuantity>());
            foreach (var (resource, quantity) in resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
            {
                requests[resource] = quantity;
            }

            return new ContainerResources(name ?? "", Parse(requests, $"container \"{name}\" resources.requests"), isSidecar);
        }

        ResourceList Parse(IDictionary<string, ResourceQuantity>? quantities, string field)
        {
            try
            {
                return ApiValues.Resources(quantities);
            }
            catch (FormatException e)
            {
                throw new FormatException($"pod {pod} {field}: {e.Message}", e);
            }
        }
    }

    // Enumerable.ToArray gives the shared empty array for the many pods with no host port.
    private static HostPort[] HostPorts(V1PodSpec spec) =>
    [
        .. (spec.Containers ?? []).Concat(spec.InitContainers ?? [])
            .SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => new HostPort(p.Protocol ?? "TCP", p.HostIP ?? "", p.HostPort!.Value)),
    ];
}
