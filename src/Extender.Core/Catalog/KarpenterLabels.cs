namespace Extender.Core.Catalog;

/// <summary>
/// Maps label keys written for Karpenter onto ours, so that manifests and catalogs carry over by changing the group
/// (interfaces.md): <c>karpenter.k8s.aws/instance-*</c> becomes <c>provisioning.extender.io/instance-*</c>, and
/// <c>karpenter.sh/capacity-type</c> and <c>karpenter.sh/nodepool</c> become ours.
/// </summary>
public static class KarpenterLabels
{
    public const string AwsGroup = "karpenter.k8s.aws";
    public const string CoreGroup = "karpenter.sh";
    public const string CapacityType = CoreGroup + "/capacity-type";
    public const string NodePool = CoreGroup + "/nodepool";

    private const string AwsInstancePrefix = AwsGroup + "/instance-";

    public static string Normalize(string key) => key switch
    {
        CapacityType => WellKnownLabels.CapacityType,
        NodePool => WellKnownLabels.NodePool,
        _ when key.StartsWith(AwsInstancePrefix, StringComparison.Ordinal) =>
            WellKnownLabels.Group + "/instance-" + key[AwsInstancePrefix.Length..],
        _ => key,
    };
}
