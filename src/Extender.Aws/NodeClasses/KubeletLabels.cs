namespace Extender.Aws.NodeClasses;

/// <summary>
/// Which labels a kubelet accepts in <c>--node-labels</c>: it refuses to start when one is in the
/// <c>kubernetes.io</c> or <c>k8s.io</c> domains outside the few it sets itself and the <c>kubelet.</c> and
/// <c>node.</c> subdomains. The others reach the node when the sidecar registers the NodeClaim, as Karpenter leaves
/// restricted labels out of the kubelet's flags and syncs them at registration.
/// </summary>
internal static class KubeletLabels
{
    private static readonly HashSet<string> OwnKeys = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname", "kubernetes.io/arch", "kubernetes.io/os",
        "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
        "node.kubernetes.io/instance-type",
        "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
    };

    private static readonly string[] AllowedNamespaces = ["kubelet.kubernetes.io", "node.kubernetes.io"];

    public static bool Accepts(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || OwnKeys.Contains(key))
        {
            return true;
        }

        var domain = key[..slash];
        if (AllowedNamespaces.Any(ns => InDomain(domain, ns)))
        {
            return true;
        }

        return !InDomain(domain, "kubernetes.io") && !InDomain(domain, "k8s.io");
    }

    private static bool InDomain(string domain, string parent) =>
        domain == parent || domain.EndsWith("." + parent, StringComparison.Ordinal);
}
