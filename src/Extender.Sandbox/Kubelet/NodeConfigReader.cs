using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using YamlDotNet.Core;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// Reads user data as nodeadm does on Amazon Linux 2023: either one NodeConfig document, or a MIME multi-part document
/// whose <c>application/node.eks.aws</c> parts are NodeConfigs merged in order (a later part's field wins). Written
/// independently of the sidecar's own user-data builder on purpose: the stand-in must not share the code it checks.
/// </summary>
internal static class NodeConfigReader
{
    private const string NodeConfigType = "application/node.eks.aws";

    /// <summary>Why a node booted with <paramref name="userData"/> cannot join <paramref name="cluster"/>; null when it can.</summary>
    public static string? JoinFailure(string? userData, SandboxClusterIdentity cluster)
    {
        if (Read(userData) is not { } config)
        {
            return "the user data has no nodeadm NodeConfig (" + NodeConfigType + ")";
        }

        // nodeadm refuses an incomplete configuration before the kubelet starts; a wrong value fails later, where a
        // real node fails: authentication names the cluster, TLS checks the CA, the kubelet dials the endpoint.
        if (config.Name.Length == 0 || config.ApiServerEndpoint.Length == 0 || config.CertificateAuthority.Length == 0)
        {
            var missing = new[] { ("name", config.Name), ("apiServerEndpoint", config.ApiServerEndpoint), ("certificateAuthority", config.CertificateAuthority) }
                .Where(f => f.Item2.Length == 0).Select(f => "spec.cluster." + f.Item1);
            return "nodeadm: NodeConfig is missing " + string.Join(", ", missing);
        }

        if (!SameEndpoint(config.ApiServerEndpoint, cluster.Endpoint))
        {
            return $"the kubelet cannot reach the API server at {config.ApiServerEndpoint} (the cluster's is {cluster.Endpoint})";
        }

        if (config.CertificateAuthority.Trim() != cluster.CertificateAuthority)
        {
            return "x509: certificate signed by unknown authority (NodeConfig spec.cluster.certificateAuthority is not the cluster's CA)";
        }

        return config.Name != cluster.Name
            ? $"Unauthorized: the node authenticates to cluster \"{config.Name}\", but this is cluster \"{cluster.Name}\""
            : null;
    }

    /// <summary>
    /// <c>spec.kubelet.config.maxPods</c> of the NodeConfigs (a later part's wins), which the kubelet registers as the
    /// node's pods capacity; null when none sets it.
    /// </summary>
    public static int? MaxPods(string? userData)
    {
        if (string.IsNullOrWhiteSpace(userData))
        {
            return null;
        }

        int? maxPods = null;
        foreach (var document in NodeConfigDocuments(userData.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            if (Parse(document)?["spec"]?["kubelet"]?["config"]?["maxPods"] is JsonValue value
                && int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                maxPods = parsed;
            }
        }

        return maxPods;
    }

    /// <summary>The merged cluster fields of every NodeConfig in the user data; null when there is none.</summary>
    public static NodeConfigCluster? Read(string? userData)
    {
        if (string.IsNullOrWhiteSpace(userData))
        {
            return null;
        }

        NodeConfigCluster? merged = null;
        foreach (var document in NodeConfigDocuments(userData.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var cluster = Parse(document)?["spec"]?["cluster"];
            if (cluster is null)
            {
                continue;
            }

            merged = new NodeConfigCluster(
                Field(cluster, "name") ?? merged?.Name ?? "",
                Field(cluster, "apiServerEndpoint") ?? merged?.ApiServerEndpoint ?? "",
                Field(cluster, "certificateAuthority") ?? merged?.CertificateAuthority ?? "");
        }

        return merged;
    }

    private static IEnumerable<string> NodeConfigDocuments(string text)
    {
        if (Boundary(text) is not { } boundary)
        {
            if (text.TrimStart().StartsWith("apiVersion: node.eks.aws/", StringComparison.Ordinal))
            {
                yield return text;
            }

            yield break;
        }

        foreach (var part in text.Split("--" + boundary).Skip(1))
        {
            if (part.StartsWith("--", StringComparison.Ordinal))
            {
                yield break;
            }

            var split = part.IndexOf("\n\n", StringComparison.Ordinal);
            if (split >= 0 && ContentType(part[..split]).StartsWith(NodeConfigType, StringComparison.OrdinalIgnoreCase))
            {
                yield return part[(split + 2)..];
            }
        }
    }

    private static string? Boundary(string text)
    {
        var headersEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var headers = headersEnd < 0 ? text : text[..headersEnd];
        var type = ContentType(headers);
        if (!type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        const string Marker = "boundary=";
        var at = type.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : type[(at + Marker.Length)..].Split(';')[0].Trim().Trim('"');
    }

    private static string ContentType(string headers) =>
        headers.Split('\n').Select(h => h.Trim())
            .FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim() ?? "";

    private static JsonNode? Parse(string yaml)
    {
        try
        {
            return YamlJson.Parse(yaml);
        }
        catch (YamlException)
        {
            // nodeadm would fail on it; for the kubelet that means the same as no NodeConfig.
            return null;
        }
    }

    private static string? Field(JsonNode cluster, string name) =>
        cluster[name] is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;

    private static bool SameEndpoint(string configured, string actual) =>
        Uri.TryCreate(configured, UriKind.Absolute, out var a) && Uri.TryCreate(actual, UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
