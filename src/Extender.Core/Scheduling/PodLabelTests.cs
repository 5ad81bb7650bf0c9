using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// A prepared pod's label questions (node selector, required node affinity expressions, pod (anti-)affinity
/// domains) decided against a snapshot's <see cref="NodeLabelIndex"/>, for <see cref="LabelColumnView"/>.
/// </summary>
internal sealed class PodLabelTests
{
    public PodLabelTests(PreparedPod pod, NodeLabelIndex labels)
    {
        Selector = [.. pod.NodeSelector.Select(entry => LabelTest.EqualTo(labels.Column(entry.Key), entry.Value))];
        Expressions = [.. pod.Pod.RequiredNodeAffinity.Select(term =>
            term.MatchExpressions.Select(e => LabelTest.Requirement(labels.Column(e.Key), e, allowNumeric: true)).ToArray())];

        // A pod with required pod affinity always has an InterPodAffinity; without one the lists stay empty.
        var interPod = pod.InterPodAffinity;
        var affinityKeys = pod.Pod.RequiredPodAffinity.Select(t => labels.Column(t.TopologyKey)).ToArray();
        AffinityTopology = [.. affinityKeys.Select(column => LabelTest.OneOf(column, null))];
        AffinityDomains = [.. affinityKeys.Select(column => interPod!.Affinity.Test(column))];
        AntiAffinityDomains = interPod?.AntiAffinity.Tests(labels) ?? [];
        ExistingAntiAffinityDomains = interPod?.ExistingAntiAffinity.Tests(labels) ?? [];
    }

    public LabelTest[] Selector { get; }

    public LabelTest[][] Expressions { get; }

    public LabelTest[] AffinityTopology { get; }

    public LabelTest[] AffinityDomains { get; }

    public LabelTest[] AntiAffinityDomains { get; }

    public LabelTest[] ExistingAntiAffinityDomains { get; }
}
