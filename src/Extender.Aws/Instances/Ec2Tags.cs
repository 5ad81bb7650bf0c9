using Extender.Core.Catalog;

namespace Extender.Aws.Instances;

/// <summary>Tags that mark what the provisioner owns; the IAM policy's conditions rely on <see cref="Cluster"/>.</summary>
internal static class Ec2Tags
{
    public const string Cluster = WellKnownLabels.Group + "/cluster";
    public const string NodePool = WellKnownLabels.NodePool;
    public const string NodeClaim = WellKnownLabels.NodeClaim;
    public const string NodeClass = WellKnownLabels.Group + "/ec2nodeclass";

    /// <summary>User tags first, ours last, so that a user tag can never hide ownership.</summary>
    public static Dictionary<string, string> Merge(string clusterName, params IReadOnlyDictionary<string, string>[] layers)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            foreach (var (key, value) in layer)
            {
                tags[key] = value;
            }
        }

        tags[Cluster] = clusterName;
        tags["kubernetes.io/cluster/" + clusterName] = "owned";
        return tags;
    }
}
