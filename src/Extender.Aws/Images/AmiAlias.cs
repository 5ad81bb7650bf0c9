namespace Extender.Aws.Images;

/// <summary>
/// An <c>amiSelectorTerms[].alias</c> (<c>family@version</c>, e.g. <c>al2023@latest</c>, <c>al2023@v20250101</c>,
/// <c>bottlerocket@v1.30.0</c>): the EKS-optimised images of that family for the cluster's Kubernetes version, found
/// through the public SSM parameters AWS publishes for them, as Karpenter resolves its aliases.
/// </summary>
public sealed record AmiAlias(AmiFamily Family, string Version)
{
    public const string Latest = "latest";

    /// <summary>Whether the parameter's value moves with new releases (Karpenter's <c>IsMutable</c>).</summary>
    public bool IsLatest => Version == Latest;

    /// <summary>The alias; null when <paramref name="alias"/> names no family supported here (Karpenter's, less Windows) or is not <c>family@version</c>.</summary>
    public static AmiAlias? TryParse(string alias)
    {
        var at = alias.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == alias.Length - 1)
        {
            return null;
        }

        AmiFamily? family = alias[..at] switch
        {
            "al2023" => AmiFamily.AL2023,
            "al2" => AmiFamily.AL2,
            "bottlerocket" => AmiFamily.Bottlerocket,
            _ => null,
        };
        return family is { } f ? new AmiAlias(f, alias[(at + 1)..]) : null;
    }

    /// <summary>The family of the class's images: its alias's, else Amazon Linux 2023 (whose user data the provisioner writes for any other image).</summary>
    public static AmiFamily FamilyOf(IEnumerable<string?> aliases) =>
        aliases.Select(a => a is null ? null : TryParse(a)).FirstOrDefault(a => a is not null)?.Family ?? AmiFamily.AL2023;

    /// <summary>
    /// The SSM parameters holding the standard image of each architecture (EC2's name, <c>x86_64</c> or <c>arm64</c>),
    /// at the paths Karpenter reads: Amazon Linux 2023 under <c>/aws/service/eks/optimized-ami/</c>, "recommended" for
    /// latest and the image name for a pinned version; Amazon Linux 2 by its x86_64 and arm64 parameters; Bottlerocket
    /// under <c>/aws/service/bottlerocket/</c>, whose version is written without the leading <c>v</c> of its releases.
    /// </summary>
    public IReadOnlyList<(string Architecture, string Parameter)> Parameters(string kubernetesVersion)
    {
        var k8s = kubernetesVersion;
        return Family switch
        {
            AmiFamily.AL2023 =>
            [
                ("x86_64", Al2023("x86_64", k8s)),
                ("arm64", Al2023("arm64", k8s)),
            ],
            AmiFamily.AL2 =>
            [
                ("x86_64", $"/aws/service/eks/optimized-ami/{k8s}/amazon-linux-2/{(IsLatest ? "recommended" : $"amazon-eks-node-{k8s}-{Version}")}/image_id"),
                ("arm64", $"/aws/service/eks/optimized-ami/{k8s}/amazon-linux-2-arm64/{(IsLatest ? "recommended" : $"amazon-eks-arm64-node-{k8s}-{Version}")}/image_id"),
            ],
            _ =>
            [
                ("x86_64", $"/aws/service/bottlerocket/aws-k8s-{k8s}/x86_64/{Version.TrimStart('v')}/image_id"),
                ("arm64", $"/aws/service/bottlerocket/aws-k8s-{k8s}/arm64/{Version.TrimStart('v')}/image_id"),
            ],
        };
    }

    private string Al2023(string architecture, string k8s) =>
        $"/aws/service/eks/optimized-ami/{k8s}/amazon-linux-2023/{architecture}/standard/{(IsLatest ? "recommended" : $"amazon-eks-node-al2023-{architecture}-standard-{k8s}-{Version}")}/image_id";
}
