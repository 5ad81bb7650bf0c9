using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>Answers the label questions for the snapshot node at position <paramref name="index"/> from precomputed tests.</summary>
internal readonly struct LabelColumnView(PodLabelTests tests, Node node, int index) : INodeLabelView
{
    public Node Node => node;

    public bool SelectorMatches(int entry) => tests.Selector[entry].Passes(index);

    public bool ExpressionMatches(int term, int expression) => tests.Expressions[term][expression].Passes(index);

    public bool HasAffinityTopology(int term) => tests.AffinityTopology[term].Passes(index);

    public bool InAffinityDomain(int term) => tests.AffinityDomains[term].Passes(index);

    public bool InAntiAffinityDomain() => AnyPasses(tests.AntiAffinityDomains);

    public bool InExistingAntiAffinityDomain() => AnyPasses(tests.ExistingAntiAffinityDomains);

    private bool AnyPasses(LabelTest[] domains)
    {
        foreach (var domain in domains)
        {
            if (domain.Passes(index))
            {
                return true;
            }
        }

        return false;
    }
}
