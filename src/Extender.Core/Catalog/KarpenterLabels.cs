namespace Extender.Core.Catalog;

/// <summary>
/// The other spellings of our label keys. Planning maps them onto ours (so that manifests written for Karpenter carry
/// over by changing the group, and deprecated Kubernetes keys mean what Karpenter's <c>NormalizedLabels</c> makes them
/// mean); nodes carry them back (<see cref="NodeLabels"/>), so that a pod selecting on any spelling lands where it was
/// planned. <c>karpenter.sh/nodepool</c>, <c>karpenter.sh/registered</c> and <c>karpenter.sh/initialized</c> are
/// neither mapped nor carried: Karpenter recognises the nodes it owns by them, and would adopt or disrupt ours.
/// </summary>
public static class KarpenterLabels
{
    public const string AwsGroup = "karpenter.k8s.aws";
    public const string CoreGroup = "karpenter.sh";
    public const string CapacityType = CoreGroup + "/capacity-type";

    private const string AwsInstancePrefix = AwsGroup + "/instance-";
    private const string OurInstancePrefix = WellKnownLabels.Group + "/instance-";

    /// <summary>Deprecated keys the kubelet and the cloud controller still set, by the key they were renamed to.</summary>
    private static readonly Dictionary<string, string> Deprecated = new(StringComparer.Ordinal)
    {
        ["beta.kubernetes.io/arch"] = WellKnownLabels.Arch,
        ["beta.kubernetes.io/os"] = WellKnownLabels.Os,
        ["beta.kubernetes.io/instance-type"] = WellKnownLabels.InstanceType,
        ["failure-domain.beta.kubernetes.io/zone"] = WellKnownLabels.Zone,
        ["failure-domain.beta.kubernetes.io/region"] = WellKnownLabels.Region,
    };

    /// <summary>The key planning judges <paramref name="key"/> under: ours for a Karpenter or deprecated spelling.</summary>
    public static string Normalize(string key) => key switch
    {
        CapacityType => WellKnownLabels.CapacityType,
        _ when key.StartsWith(AwsInstancePrefix, StringComparison.Ordinal) => OurInstancePrefix + key[AwsInstancePrefix.Length..],
        _ => Deprecated.GetValueOrDefault(key, key),
    };

    /// <summary>The other spellings of one of our keys a node carries with the same value (none for most keys).</summary>
    public static IEnumerable<string> AliasesOf(string key)
    {
        if (key == WellKnownLabels.CapacityType)
        {
            yield return CapacityType;
        }
        else if (key.StartsWith(OurInstancePrefix, StringComparison.Ordinal))
        {
            yield return AwsInstancePrefix + key[OurInstancePrefix.Length..];
        }

        foreach (var (deprecated, current) in Deprecated)
        {
            if (current == key)
            {
                yield return deprecated;
            }
        }
    }
}
