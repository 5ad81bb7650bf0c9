using System.Text;

namespace Extender.Aws.NodeClasses;

/// <summary>
/// Amazon Linux 2023 user data: a MIME multipart document whose first part is our nodeadm NodeConfig and whose
/// following parts are the user's own. nodeadm merges NodeConfig parts in order, so a user's NodeConfig can override
/// ours field by field; shell scripts run as cloud-init parts.
/// </summary>
internal static class UserDataBuilder
{
    private const string Boundary = "//";
    private const string NodeConfigType = "application/node.eks.aws";

    public static string Build(NodeBootstrap bootstrap, string? userData)
    {
        var sb = new StringBuilder();
        sb.Append("MIME-Version: 1.0\n");
        sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\n\n");
        AppendPart(sb, NodeConfigType, NodeConfig(bootstrap));
        foreach (var (contentType, body) in UserParts(userData))
        {
            AppendPart(sb, contentType, body);
        }

        sb.Append("--").Append(Boundary).Append("--\n");
        return sb.ToString();
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
        sb.Append("  kubelet:\n    flags:\n");
        var accepted = b.Labels.Where(l => KubeletLabels.Accepts(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (accepted.Count > 0)
        {
            var labels = string.Join(',', accepted.Select(l => $"{l.Key}={l.Value}"));
            sb.Append("    - ").Append(Quote("--node-labels=" + labels)).Append('\n');
        }

        if (b.Taints.Count > 0)
        {
            var taints = string.Join(',', b.Taints.Select(t => string.IsNullOrEmpty(t.Value) ? $"{t.Key}:{t.Effect}" : $"{t.Key}={t.Value}:{t.Effect}"));
            sb.Append("    - ").Append(Quote("--register-with-taints=" + taints)).Append('\n');
        }

        if (accepted.Count == 0 && b.Taints.Count == 0)
        {
            sb.Length -= "    flags:\n".Length;
            sb.Append("    flags: []\n");
        }

        return sb.ToString();
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
            var type = text.TrimStart().StartsWith("apiVersion: node.eks.aws", StringComparison.Ordinal) ? NodeConfigType : "text/x-shellscript; charset=\"us-ascii\"";
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
