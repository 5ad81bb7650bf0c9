using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// The drift hashes of our resources, computed as Karpenter's hashstructure options ask (<c>SlicesAsSets</c>,
/// <c>IgnoreZeroValue</c>, <c>ZeroNil</c>): a list is hashed as a set, and a field that is unset, empty, zero or false
/// hashes as if absent, so a field added with no value (or a list reordered) does not drift the fleet. Every field
/// the resource type carries is hashed unless listed as ignored, so a field added later is covered without a change
/// here. The hash is FNV-1a (64 bit) of the canonical JSON, in decimal, as Karpenter prints its hashes.
/// </summary>
public static class ResourceHash
{
    /// <summary>
    /// <c>spec.template</c> without <c>spec.requirements</c> (Karpenter's <c>hash:"ignore"</c>: requirements drift
    /// is judged against the node's labels instead). Labels, annotations, taints, startup taints, nodeClassRef,
    /// expireAfter and terminationGracePeriod are what it covers today.
    /// </summary>
    public static string NodePool(NodePoolResource resource)
    {
        var template = ToNode(resource.Spec?.Template ?? new NodePoolTemplate());
        template["spec"]?.AsObject().Remove("requirements");
        return Of(template);
    }

    /// <summary>
    /// The EC2NodeClass spec without its subnet, security-group and AMI selector terms (Karpenter ignores them too:
    /// what they resolve to drifts through the status instead, as SubnetDrift, SecurityGroupDrift and AMIDrift).
    /// </summary>
    public static string Ec2NodeClass(EC2NodeClass resource)
    {
        var spec = ToNode(resource.Spec ?? new EC2NodeClassSpec());
        foreach (var ignored in new[] { "subnetSelectorTerms", "securityGroupSelectorTerms", "amiSelectorTerms" })
        {
            spec.Remove(ignored);
        }

        return Of(spec);
    }

    /// <summary>The hash of <paramref name="node"/>'s canonical form.</summary>
    public static string Of(JsonNode? node)
    {
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(node) ?? ""))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonObject ToNode<T>(T value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();

    /// <summary>Sorted keys, lists sorted as sets, zero values dropped; null when the whole value is zero.</summary>
    private static string? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var fields = obj
                    .Select(p => (p.Key, Value: Canonical(p.Value)))
                    .Where(p => p.Value is not null)
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => JsonSerializer.Serialize(p.Key) + ":" + p.Value)
                    .ToList();
                return fields.Count == 0 ? null : "{" + string.Join(",", fields) + "}";
            case JsonArray array:
                var items = array.Select(Canonical).OfType<string>().Order(StringComparer.Ordinal).ToList();
                return items.Count == 0 ? null : "[" + string.Join(",", items) + "]";
            case JsonValue value:
                var text = value.ToJsonString();
                return text is "\"\"" or "false" or "0" or "null" ? null : text;
            default:
                return null;
        }
    }
}
