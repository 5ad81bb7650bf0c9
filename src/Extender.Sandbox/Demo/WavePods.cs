using System.Globalization;
using Extender.Core.Resources;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Demo;

/// <summary>The Pod objects a wave creates.</summary>
public static class WavePods
{
    public const string AppLabel = "app";

    public static IReadOnlyList<V1Pod> Build(Wave wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        if (wave.Pods is { } manifests)
        {
            return [.. manifests.Select(m => WithNamespace(KubernetesJson.Deserialize<V1Pod>(m.ToJsonString()), wave.Namespace))];
        }

        var template = wave.Template!;
        return [.. Enumerable.Range(0, wave.Count).Select(i => FromTemplate(wave, template, i))];
    }

    private static V1Pod WithNamespace(V1Pod pod, string ns)
    {
        pod.Metadata ??= new V1ObjectMeta();
        pod.Metadata.NamespaceProperty ??= ns;
        return pod;
    }

    /// <summary>The Deployment a <c>workload: Deployment</c> wave creates: its replicas are the template's pods.</summary>
    public static V1Deployment Deployment(Wave wave)
    {
        ArgumentNullException.ThrowIfNull(wave);
        var pod = FromTemplate(wave, wave.Template!, 0);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = wave.Name, NamespaceProperty = wave.Namespace, Labels = pod.Metadata.Labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = wave.Count,
                Selector = Selector(wave),
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = pod.Metadata.Labels }, Spec = pod.Spec },
            },
        };
    }

    private static V1Pod FromTemplate(Wave wave, PodTemplate template, int index)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [AppLabel] = wave.Name };
        var requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(template.Cpu), ["memory"] = new(template.Memory) };
        Dictionary<string, ResourceQuantity>? limits = null;
        if (template.Gpu > 0)
        {
            var gpu = template.Gpu.ToString(CultureInfo.InvariantCulture);
            requests[ResourceNames.NvidiaGpu] = new ResourceQuantity(gpu);
            limits = new Dictionary<string, ResourceQuantity> { [ResourceNames.NvidiaGpu] = new(gpu) };
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = $"{wave.Name}-{index}", NamespaceProperty = wave.Namespace, Labels = labels },
            Spec = new V1PodSpec
            {
                SchedulerName = template.SchedulerName,
                Priority = template.Priority,
                TerminationGracePeriodSeconds = template.TerminationGracePeriodSeconds,
                NodeSelector = template.NodeSelector.Count == 0 ? null : new Dictionary<string, string>(template.NodeSelector),
                Tolerations = template.Tolerations.Count == 0 ? null : [.. template.Tolerations.Select(t => KubernetesJson.Deserialize<V1Toleration>(t.ToJsonString()))],
                TopologySpreadConstraints = template.TopologySpread is { } spread
                    ? [new V1TopologySpreadConstraint { MaxSkew = spread.MaxSkew, TopologyKey = spread.TopologyKey, WhenUnsatisfiable = spread.WhenUnsatisfiable, LabelSelector = Selector(wave) }]
                    : null,
                Affinity = template.AntiAffinity is { } key
                    ? new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [new V1PodAffinityTerm { TopologyKey = key, LabelSelector = Selector(wave) }] } }
                    : null,
                Containers = [new V1Container { Name = "app", Image = "registry.k8s.io/pause:3.10", Resources = new V1ResourceRequirements { Requests = requests, Limits = limits } }],
            },
        };
    }

    private static V1LabelSelector Selector(Wave wave) => new() { MatchLabels = new Dictionary<string, string> { [AppLabel] = wave.Name } };
}
