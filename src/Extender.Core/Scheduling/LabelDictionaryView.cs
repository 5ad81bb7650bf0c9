using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>Answers the label questions from the node's own label dictionary: for any node, in or out of a snapshot.</summary>
internal readonly struct LabelDictionaryView(PreparedPod pod, Node node) : INodeLabelView
{
    public Node Node => node;

    public bool SelectorMatches(int entry)
    {
        var (key, value) = pod.NodeSelector[entry];
        return node.Labels.TryGetValue(key, out var actual) && actual == value;
    }

    public bool ExpressionMatches(int term, int expression) =>
        SelectorRequirements.Matches(pod.Pod.RequiredNodeAffinity[term].MatchExpressions[expression], node.Labels, allowNumeric: true);

    public bool HasAffinityTopology(int term) => node.Labels.ContainsKey(pod.Pod.RequiredPodAffinity[term].TopologyKey);

    public bool InAffinityDomain(int term)
    {
        var key = pod.Pod.RequiredPodAffinity[term].TopologyKey;
        return node.Labels.TryGetValue(key, out var value) && pod.InterPodAffinity!.Affinity.Contains(key, value);
    }

    public bool InAntiAffinityDomain() => pod.InterPodAffinity!.AntiAffinity.ContainsAny(node.Labels);

    public bool InExistingAntiAffinityDomain() => pod.InterPodAffinity!.ExistingAntiAffinity.ContainsAny(node.Labels);
}
