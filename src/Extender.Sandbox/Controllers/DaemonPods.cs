using Extender.Core.Scheduling;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// The DaemonSet controller's pod rules (upstream <c>NodeShouldRunDaemonPod</c>, <c>AddOrUpdateDaemonPodTolerations</c>,
/// <c>ReplaceDaemonSetPodNodeNameNodeAffinity</c>): which nodes get a daemon pod (its nodeSelector and required node
/// affinity match, and its tolerations, with the ones every daemon pod gets, cover the node's NoSchedule and
/// NoExecute taints), and the pod for a node, pinned to it by required node affinity on <c>metadata.name</c> for the
/// scheduler to bind. Node matching is the scheduler's own (Extender.Core), so both judge a node alike.
/// </summary>
internal static class DaemonPods
{
    /// <summary>What every daemon pod tolerates, so that node conditions and cordons never evict or block it.</summary>
    public static IReadOnlyList<V1Toleration> AutomaticTolerations(bool hostNetwork) =>
    [
        new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
        new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
        new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
        .. hostNetwork ? [new V1Toleration { Key = "node.kubernetes.io/network-unavailable", OperatorProperty = "Exists", Effect = "NoSchedule" }] : Array.Empty<V1Toleration>(),
    ];

    /// <summary>(shouldRun, shouldContinueRunning) for the DaemonSet's pods on <paramref name="node"/>.</summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) Placement(V1DaemonSet daemonSet, V1Node node)
    {
        var template = Template(daemonSet, node.Metadata.Name, pin: false);
        var pod = PodMapper.Map(template);
        var mapped = NodeMapper.Map(node);
        if (!NodeAffinity.Matches(pod, mapped))
        {
            return (false, false);
        }

        var untolerated = Tolerations.FirstUntolerated(mapped.Taints, pod.Tolerations);
        var noExecute = mapped.Taints.Where(t => t.Effect == "NoExecute").ToList();
        return (untolerated is null, Tolerations.FirstUntolerated(noExecute, pod.Tolerations) is null);
    }

    /// <summary>The DaemonSet's pod for <paramref name="nodeName"/>, with the automatic tolerations and, when pinned, the node affinity.</summary>
    public static V1Pod Template(V1DaemonSet daemonSet, string nodeName, bool pin = true)
    {
        var pod = PodFactory.FromTemplate(daemonSet.Spec.Template, daemonSet);
        pod.Spec.Tolerations = [.. pod.Spec.Tolerations ?? [], .. AutomaticTolerations(pod.Spec.HostNetwork == true)
            .Where(a => pod.Spec.Tolerations?.Any(t => t.Key == a.Key && t.Effect == a.Effect) != true)];
        if (pin)
        {
            pod.Spec.Affinity ??= new V1Affinity();
            pod.Spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
            pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
            {
                NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = NodeAffinity.NodeNameField, OperatorProperty = "In", Values = [nodeName] }] }],
            };
        }

        return pod;
    }

    /// <summary>The node a daemon pod is for: where it is bound, else the node its affinity pins it to.</summary>
    public static string? TargetNode(V1Pod pod) =>
        !string.IsNullOrEmpty(pod.Spec?.NodeName)
            ? pod.Spec.NodeName
            : pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?
                .SelectMany(t => t.MatchFields ?? [])
                .FirstOrDefault(f => f.Key == NodeAffinity.NodeNameField && f.OperatorProperty == "In" && f.Values?.Count == 1)?.Values[0];
}
