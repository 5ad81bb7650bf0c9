using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>One rule of a Role or ClusterRole (<c>rbac.authorization.k8s.io/v1 PolicyRule</c>), matched as the RBAC authorizer matches it.</summary>
public sealed record PolicyRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames)
{
    private const string All = "*";

    public static PolicyRule FromJson(JsonNode? rule) => new(
        Strings(rule?["verbs"]), Strings(rule?["apiGroups"]), Strings(rule?["resources"]), Strings(rule?["resourceNames"]));

    /// <summary>
    /// True when the rule grants the request. Resources match by name, <c>*</c>, the combined <c>resource/subresource</c>,
    /// or <c>*/subresource</c>; a rule with resourceNames never matches a request without a name (list, watch, create).
    /// </summary>
    public bool Allows(AuditRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (Verbs.Contains(All) || Verbs.Contains(request.Verb))
            && (ApiGroups.Contains(All) || ApiGroups.Contains(request.Group))
            && Resources.Any(r => MatchesResource(r, request))
            && (ResourceNames.Count == 0 || (!string.IsNullOrEmpty(request.Name) && ResourceNames.Contains(request.Name)));
    }

    /// <summary>The rule split into one rule per (API group, resource, verb), each keeping the resourceNames: the single grants it makes.</summary>
    public IEnumerable<PolicyRule> Grants() =>
        from g in ApiGroups from r in Resources from v in Verbs select new PolicyRule([v], [g], [r], ResourceNames);

    public override string ToString() =>
        $"{string.Join(',', Verbs)} {string.Join(',', Resources)} in API group {string.Join(',', ApiGroups.Select(g => $"\"{g}\""))}"
        + (ResourceNames.Count > 0 ? $" named {string.Join(',', ResourceNames)}" : "");

    private static bool MatchesResource(string rule, AuditRecord request)
    {
        if (rule == All)
        {
            return true;
        }

        if (request.Subresource is null)
        {
            return rule == request.Resource;
        }

        return rule == request.Resource + "/" + request.Subresource || rule == "*/" + request.Subresource;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => (string?)n ?? "")] : [];
}
