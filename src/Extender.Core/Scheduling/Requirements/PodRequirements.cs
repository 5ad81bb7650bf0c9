using Extender.Core.Cluster;

namespace Extender.Core.Scheduling.Requirements;

/// <summary>A pod's node requirements: its nodeSelector intersected with each required node affinity term.</summary>
public static class PodRequirements
{
    /// <summary>The alternatives a node may satisfy (the terms are ORed); one alternative when the pod has no terms.</summary>
    public static IReadOnlyList<RequirementSet> Alternatives(Pod pod)
    {
        var selector = RequirementSet.FromLabels(pod.NodeSelector);
        if (pod.RequiredNodeAffinity.Count == 0)
        {
            return [selector];
        }

        return [.. pod.RequiredNodeAffinity.Select(term => selector.Intersect(RequirementSet.FromTerm(term)))];
    }
}
