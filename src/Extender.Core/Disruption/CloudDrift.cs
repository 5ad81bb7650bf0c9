using Extender.Core.Scheduling;

namespace Extender.Core.Disruption;

/// <summary>
/// Drift from the node class's resolution, as Karpenter's AWS provider checks it, in its order: <c>AMIDrift</c> (the
/// instance's image is not among the class's images for the node's architecture), <c>SecurityGroupDrift</c> (its
/// security groups are not exactly the class's), <c>SubnetDrift</c> (its subnet is not among the class's). A part the
/// class has not resolved (an empty list in its status) or the cloud did not report decides nothing, as Karpenter
/// declines to judge without them.
/// </summary>
public static class CloudDrift
{
    public static Drift? Check(LaunchedAs launched, ResolvedNodeClass nodeClass, IReadOnlyDictionary<string, string> nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(launched);
        ArgumentNullException.ThrowIfNull(nodeClass);
        if (launched.ImageId is { } image && nodeClass.Images.Count > 0
            && !nodeClass.Images.Any(i => i.Id == image && SelectorRequirements.MatchesAll(i.Requirements, nodeLabels, allowNumeric: true)))
        {
            var current = nodeClass.Images.Where(i => SelectorRequirements.MatchesAll(i.Requirements, nodeLabels, allowNumeric: true)).Select(i => i.Id);
            return new Drift(DriftReasons.AmiDrift, $"image {image} is no longer the node class's ({Join(current)})");
        }

        // A live EC2 instance always has a security group; none reported means unknown, not "none".
        if (launched.SecurityGroupIds.Count > 0 && nodeClass.SecurityGroupIds.Count > 0
            && !launched.SecurityGroupIds.ToHashSet(StringComparer.Ordinal).SetEquals(nodeClass.SecurityGroupIds))
        {
            return new Drift(DriftReasons.SecurityGroupDrift, $"security groups {Join(launched.SecurityGroupIds)} are not the node class's ({Join(nodeClass.SecurityGroupIds)})");
        }

        if (launched.SubnetId is { } subnet && nodeClass.SubnetIds.Count > 0 && !nodeClass.SubnetIds.Contains(subnet, StringComparer.Ordinal))
        {
            return new Drift(DriftReasons.SubnetDrift, $"subnet {subnet} is no longer among the node class's ({Join(nodeClass.SubnetIds)})");
        }

        return null;
    }

    private static string Join(IEnumerable<string> ids)
    {
        var list = ids.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
