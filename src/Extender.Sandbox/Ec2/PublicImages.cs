using Extender.Sandbox.Kubernetes.Discovery;

namespace Extender.Sandbox.Ec2;

/// <summary>
/// The EKS-optimised images AWS publishes, for the sandbox's Kubernetes version, and the public SSM parameters that
/// name them (<c>recommended</c>/<c>latest</c> and the pinned release), laid out as AWS lays them out. No Amazon Linux 2
/// image: AWS publishes none after Kubernetes 1.32.
/// </summary>
internal static class PublicImages
{
    public const string Al2023Release = "v20250101";
    public const string BottlerocketRelease = "1.30.0";

    private static readonly string K8s = SandboxVersion.MajorMinor;

    private static readonly (SandboxEc2State.Image Image, string[] Parameters)[] Table =
    [
        Al2023("x86_64", "ami-0eks0al2023amd64"),
        Al2023("arm64", "ami-0eks0al2023arm64"),
        Bottlerocket("x86_64", "ami-0eks0brocketamd64"),
        Bottlerocket("arm64", "ami-0eks0brocketarm64"),
    ];

    public static IEnumerable<SandboxEc2State.Image> All => Table.Select(t => t.Image);

    /// <summary>SSM parameter name → image id.</summary>
    public static IReadOnlyDictionary<string, string> Parameters { get; } =
        Table.SelectMany(t => t.Parameters.Select(p => (p, t.Image.Id))).ToDictionary(x => x.p, x => x.Id, StringComparer.Ordinal);

    private static (SandboxEc2State.Image, string[]) Al2023(string arch, string id)
    {
        var name = $"amazon-eks-node-al2023-{arch}-standard-{K8s}-{Al2023Release}";
        var root = $"/aws/service/eks/optimized-ami/{K8s}/amazon-linux-2023/{arch}/standard";
        return (Public(id, name, arch), [$"{root}/recommended/image_id", $"{root}/{name}/image_id"]);
    }

    private static (SandboxEc2State.Image, string[]) Bottlerocket(string arch, string id)
    {
        var root = $"/aws/service/bottlerocket/aws-k8s-{K8s}/{arch}";
        return (Public(id, $"bottlerocket-aws-k8s-{K8s}-{arch}-v{BottlerocketRelease}", arch), [$"{root}/latest/image_id", $"{root}/{BottlerocketRelease}/image_id"]);
    }

    private static SandboxEc2State.Image Public(string id, string name, string arch) =>
        new(id, name, arch, "2025-01-01T00:00:00.000Z", new Dictionary<string, string>());
}
