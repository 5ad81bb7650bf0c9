using System.Text;
using Extender.Aws.Images;
using Extender.Core.Catalog;

namespace Extender.Aws.NodeClasses;

/// <summary>
/// The user data of a node, in its image family's format, as Karpenter writes it:
/// <list type="bullet">
/// <item>Amazon Linux 2023: a MIME multipart document whose first part is our nodeadm NodeConfig and whose following
/// parts are the user's own. nodeadm merges NodeConfig parts in order, so a user's NodeConfig can override ours field by
/// field; shell scripts run as cloud-init parts.</item>
/// <item>Amazon Linux 2: the user's parts first, then the <c>/etc/eks/bootstrap.sh</c> script.</item>
/// <item>Bottlerocket: TOML settings (<see cref="BottlerocketUserData"/>).</item>
/// </list>
/// </summary>
internal static class UserDataBuilder
{
    private const string Boundary = "//";
    private const string NodeConfigType = "application/node.eks.aws";
    private const string ShellScriptType = "text/x-shellscript; charset=\"us-ascii\"";

    public static string Build(AmiFamily family, NodeBootstrap bootstrap, string? userData) => family switch
    {
        AmiFamily.Bottlerocket => BottlerocketUserData.Build(bootstrap, userData),
        AmiFamily.AL2 => Mime([.. UserParts(userData), (ShellScriptType, Al2Bootstrap(bootstrap))]),
        _ => Mime([(NodeConfigType, NodeConfig(bootstrap)), .. UserParts(userData)]),
    };

    private static string Mime(IEnumerable<(string ContentType, string Body)> parts)
    {
        var sb = new StringBuilder();
        sb.Append("MIME-Version: 1.0\n");
        sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\n\n");
        foreach (var (contentType, body) in parts)
        {
            AppendPart(sb, contentType, body);
        }

        sb.Append("--").Append(Boundary).Append("--\n");
        return sb.ToString();
    }

    /// <summary>
    /// Amazon Linux 2's bootstrap.sh, whose parameters take no equals sign; the kubelet's own flags go through
    /// <c>--kubelet-extra-args</c>.
    /// </summary>
    private static string Al2Bootstrap(NodeBootstrap b)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash -xe\n");
        sb.Append("exec > >(tee /var/log/user-data.log|logger -t user-data -s 2>/dev/console) 2>&1\n");
        sb.Append("/etc/eks/bootstrap.sh ").Append(ShellQuote(b.ClusterName))
            .Append(" --apiserver-endpoint ").Append(ShellQuote(b.Endpoint))
            .Append(" --b64-cluster-ca ").Append(ShellQuote(b.CertificateAuthority));
        if (b.Kubelet?.MaxPods is not null)
        {
            sb.Append(" \\\n--use-max-pods false");
        }

        if (b.Kubelet?.ClusterDns is [var dns, ..])
        {
            sb.Append(" \\\n--dns-cluster-ip ").Append(ShellQuote(dns));
        }

        var flags = KubeletFlags(b);
        flags.AddRange(Al2KubeletFlags(b.Kubelet));
        if (flags.Count > 0)
        {
            sb.Append(" \\\n--kubelet-extra-args ").Append(ShellQuote(string.Join(' ', flags)));
        }

        return sb.Append('\n').ToString();
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The kubelet settings bootstrap.sh takes as kubelet flags, as Karpenter passes them on Amazon Linux 2.</summary>
    private static IEnumerable<string> Al2KubeletFlags(KubeletSettings? k)
    {
        if (k is null)
        {
            yield break;
        }

        if (k.MaxPods is { } maxPods)
        {
            yield return $"--max-pods={maxPods}";
        }

        if (k.PodsPerCore is { } perCore)
        {
            yield return $"--pods-per-core={perCore}";
        }

        foreach (var (flag, values) in new[]
        {
            ("--system-reserved", KubeletQuantities.Strings(k.SystemReserved)),
            ("--kube-reserved", KubeletQuantities.Strings(k.KubeReserved)),
        })
        {
            if (values.Count > 0)
            {
                yield return flag + "=" + string.Join(',', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
            }
        }

        if (k.EvictionHard.Count > 0)
        {
            yield return "--eviction-hard=" + string.Join(',', k.EvictionHard.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}<{v.Value}"));
        }
    }

    /// <summary>The kubelet's <c>--node-labels</c> (those it accepts) and <c>--register-with-taints</c>.</summary>
    private static List<string> KubeletFlags(NodeBootstrap b)
    {
        var flags = new List<string>();
        var accepted = b.Labels.Where(l => KubeletLabels.Accepts(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (accepted.Count > 0)
        {
            flags.Add("--node-labels=" + string.Join(',', accepted.Select(l => $"{l.Key}={l.Value}")));
        }

        if (b.Taints.Count > 0)
        {
            flags.Add("--register-with-taints=" + string.Join(',', b.Taints.Select(t => string.IsNullOrEmpty(t.Value) ? $"{t.Key}:{t.Effect}" : $"{t.Key}={t.Value}:{t.Effect}")));
        }

        return flags;
    }

    private static void AppendPart(StringBuilder sb, string contentType, string body)
    {
        sb.Append("--").Append(Boundary).Append('\n');
        sb.Append("Content-Type: ").Append(contentType).Append("\n\n");
        sb.Append(body.TrimEnd('\n')).Append("\n\n");
    }

    private static string NodeConfig(NodeBootstrap b)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n");
        sb.Append("    name: ").Append(Quote(b.ClusterName)).Append('\n');
        sb.Append("    apiServerEndpoint: ").Append(Quote(b.Endpoint)).Append('\n');
        sb.Append("    certificateAuthority: ").Append(Quote(b.CertificateAuthority)).Append('\n');
        sb.Append("    cidr: ").Append(Quote(b.Cidr)).Append('\n');
        sb.Append("  kubelet:\n");
        if (b.Kubelet is { } kubelet)
        {
            var config = KubeletConfigLines(kubelet);
            if (config.Count > 0)
            {
                sb.Append("    config:\n");
                foreach (var line in config)
                {
                    sb.Append("      ").Append(line).Append('\n');
                }
            }
        }

        var flags = KubeletFlags(b);
        sb.Append(flags.Count == 0 ? "    flags: []\n" : "    flags:\n");
        foreach (var flag in flags)
        {
            sb.Append("    - ").Append(Quote(flag)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>nodeadm's <c>spec.kubelet.config</c>: KubeletConfiguration fields, merged over its defaults.</summary>
    private static List<string> KubeletConfigLines(KubeletSettings k)
    {
        var lines = new List<string>();
        if (k.MaxPods is { } maxPods)
        {
            lines.Add($"maxPods: {maxPods}");
        }

        if (k.PodsPerCore is { } perCore)
        {
            lines.Add($"podsPerCore: {perCore}");
        }

        Map(lines, "systemReserved", KubeletQuantities.Strings(k.SystemReserved));
        Map(lines, "kubeReserved", KubeletQuantities.Strings(k.KubeReserved));
        Map(lines, "evictionHard", k.EvictionHard);
        Map(lines, "evictionSoft", k.EvictionSoft);
        Map(lines, "evictionSoftGracePeriod", k.EvictionSoftGracePeriod);
        if (k.EvictionMaxPodGracePeriod is { } grace)
        {
            lines.Add($"evictionMaxPodGracePeriod: {grace}");
        }

        if (k.ImageGCHighThresholdPercent is { } high)
        {
            lines.Add($"imageGCHighThresholdPercent: {high}");
        }

        if (k.ImageGCLowThresholdPercent is { } low)
        {
            lines.Add($"imageGCLowThresholdPercent: {low}");
        }

        if (k.CpuCfsQuota is { } quota)
        {
            lines.Add($"cpuCFSQuota: {(quota ? "true" : "false")}");
        }

        if (k.ClusterDns.Count > 0)
        {
            lines.Add("clusterDNS:");
            lines.AddRange(k.ClusterDns.Select(d => "- " + Quote(d)));
        }

        return lines;
    }

    private static void Map(List<string> lines, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        lines.Add(name + ":");
        lines.AddRange(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"  {Quote(v.Key)}: {Quote(v.Value)}"));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The user's parts: each part of a MIME multipart document, or the whole text typed by its first line.</summary>
    public static IReadOnlyList<(string ContentType, string Body)> UserParts(string? userData)
    {
        if (string.IsNullOrWhiteSpace(userData))
        {
            return [];
        }

        var text = userData.Replace("\r\n", "\n", StringComparison.Ordinal);
        var boundary = MimeBoundary(text);
        if (boundary is null)
        {
            var type = text.TrimStart().StartsWith("apiVersion: node.eks.aws", StringComparison.Ordinal) ? NodeConfigType : ShellScriptType;
            return [(type, text)];
        }

        var parts = new List<(string, string)>();
        foreach (var chunk in text.Split("--" + boundary).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            var split = chunk.IndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0)
            {
                continue;
            }

            var headers = chunk[..split];
            var contentType = headers.Split('\n')
                .Select(h => h.Trim())
                .FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim()
                ?? "text/x-shellscript";
            parts.Add((contentType, chunk[(split + 2)..]));
        }

        return parts;
    }

    private static string? MimeBoundary(string text)
    {
        if (!text.StartsWith("MIME-Version:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        const string Marker = "boundary=";
        var at = text.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + Marker.Length)..];
        var end = rest.IndexOfAny(['\n', ';']);
        return (end < 0 ? rest : rest[..end]).Trim().Trim('"');
    }
}
