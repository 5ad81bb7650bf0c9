using System.Text;

namespace Extender.Aws.NodeClasses;

/// <summary>
/// Bottlerocket's user data: TOML settings under <c>settings.kubernetes</c> (cluster name, API server, CA, node labels
/// and taints, the kubelet settings Bottlerocket has: max-pods, cluster-dns-ip, reserved resources, eviction
/// thresholds), as Karpenter writes them. The user's own TOML follows ours; Karpenter parses it and lets its own
/// values win, which needs a TOML parser this project does not carry, so here the user's TOML may add other tables
/// (<c>settings.host-containers</c>, ...) but not repeat <c>settings.kubernetes</c> (TOML forbids defining a table twice).
/// </summary>
internal static class BottlerocketUserData
{
    public static string Build(NodeBootstrap b, string? userData)
    {
        var sb = new StringBuilder();
        sb.Append("[settings.kubernetes]\n");
        Pair(sb, "cluster-name", b.ClusterName);
        Pair(sb, "api-server", b.Endpoint);
        Pair(sb, "cluster-certificate", b.CertificateAuthority);
        if (b.Kubelet is { } kubelet)
        {
            if (kubelet.MaxPods is { } maxPods)
            {
                sb.Append("\"max-pods\" = ").Append(maxPods).Append('\n');
            }

            if (kubelet.ClusterDns is [var dns, ..])
            {
                Pair(sb, "cluster-dns-ip", dns);
            }
        }

        var labels = b.Labels.Where(l => KubeletLabels.Accepts(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (labels.Count > 0)
        {
            sb.Append("\n[settings.kubernetes.node-labels]\n");
            foreach (var (key, value) in labels)
            {
                Pair(sb, key, value);
            }
        }

        if (b.Taints.Count > 0)
        {
            // One key may carry several taints (value:effect each), as Bottlerocket's setting is a list per key.
            sb.Append("\n[settings.kubernetes.node-taints]\n");
            foreach (var byKey in b.Taints.GroupBy(t => t.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                sb.Append(Quote(byKey.Key)).Append(" = [")
                    .Append(string.Join(", ", byKey.Select(t => Quote($"{t.Value}:{t.Effect}"))))
                    .Append("]\n");
            }
        }

        if (b.Kubelet is { } k)
        {
            Table(sb, "system-reserved", KubeletQuantities.Strings(k.SystemReserved));
            Table(sb, "kube-reserved", KubeletQuantities.Strings(k.KubeReserved));
            Table(sb, "eviction-hard", k.EvictionHard);
            Table(sb, "eviction-soft", k.EvictionSoft);
            Table(sb, "eviction-soft-grace-period", k.EvictionSoftGracePeriod);
        }

        if (!string.IsNullOrWhiteSpace(userData))
        {
            sb.Append('\n').Append(userData.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n')).Append('\n');
        }

        return sb.ToString();
    }

    private static void Table(StringBuilder sb, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sb.Append("\n[settings.kubernetes.").Append(name).Append("]\n");
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            Pair(sb, key, value);
        }
    }

    private static void Pair(StringBuilder sb, string key, string value) => sb.Append(Quote(key)).Append(" = ").Append(Quote(value)).Append('\n');

    /// <summary>A TOML basic string.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
