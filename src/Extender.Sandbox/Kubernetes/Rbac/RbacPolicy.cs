using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// The RBAC authorizer over a set of Role, ClusterRole, RoleBinding and ClusterRoleBinding objects, with the real
/// one's semantics: a ClusterRoleBinding grants its ClusterRole everywhere, a RoleBinding grants its Role or ClusterRole
/// in its own namespace only, and <c>system:masters</c> is allowed everything before RBAC is asked. The sandbox API
/// server enforces it; tests use it to check manifests against recorded calls, so both judge with one evaluator.
/// Aggregated ClusterRoles (<c>aggregationRule</c>) are not expanded: no manifest of ours uses them.
/// </summary>
public sealed class RbacPolicy
{
    public const string Group = "rbac.authorization.k8s.io";

    private readonly Dictionary<string, IReadOnlyList<PolicyRule>> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>> _roles;
    private readonly IReadOnlyList<RbacBinding> _bindings;

    private RbacPolicy(
        Dictionary<string, IReadOnlyList<PolicyRule>> clusterRoles,
        Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>> roles,
        IReadOnlyList<RbacBinding> bindings)
    {
        _clusterRoles = clusterRoles;
        _roles = roles;
        _bindings = bindings;
    }

    /// <summary>Builds the policy from objects of any kinds; only the four RBAC kinds of <see cref="Group"/> count.</summary>
    public static RbacPolicy FromObjects(IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var clusterRoles = new Dictionary<string, IReadOnlyList<PolicyRule>>(StringComparer.Ordinal);
        var roles = new Dictionary<(string, string), IReadOnlyList<PolicyRule>>();
        var bindings = new List<RbacBinding>();
        foreach (var obj in objects.Where(o => ((string?)o["apiVersion"])?.StartsWith(Group + "/", StringComparison.Ordinal) == true))
        {
            var name = (string?)obj["metadata"]?["name"] ?? "";
            var ns = (string?)obj["metadata"]?["namespace"] ?? "default";
            switch ((string?)obj["kind"])
            {
                case "ClusterRole":
                    clusterRoles[name] = Rules(obj);
                    break;
                case "Role":
                    roles[(ns, name)] = Rules(obj);
                    break;
                case "ClusterRoleBinding":
                    bindings.Add(RbacBinding.FromJson(obj, ns: null));
                    break;
                case "RoleBinding":
                    bindings.Add(RbacBinding.FromJson(obj, ns));
                    break;
            }
        }

        return new RbacPolicy(clusterRoles, roles, bindings);
    }

    public bool Allows(UserInfo user, AuditRecord request) => Authorize(user, request).Allowed;

    public RbacDecision Authorize(UserInfo user, AuditRecord request)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        if (user.Groups.Contains(UserInfo.SuperuserGroup))
        {
            return new RbacDecision(true, null);
        }

        var errors = new List<string>();
        foreach (var binding in _bindings)
        {
            // A RoleBinding grants nothing outside its namespace, and nothing on cluster-scoped requests.
            if ((binding.Namespace is not null && binding.Namespace != request.Namespace) || !binding.AppliesTo(user))
            {
                continue;
            }

            if (RulesOf(binding) is not { } rules)
            {
                errors.Add(MissingRole(binding));
                continue;
            }

            if (rules.Any(r => r.Allows(request)))
            {
                return new RbacDecision(true, null);
            }
        }

        return new RbacDecision(false, ForbiddenMessage(user, request, errors));
    }

    /// <summary>The real API server's 403 message, word for word (including its <c>RBAC:</c> reason for bindings to missing roles).</summary>
    private static string ForbiddenMessage(UserInfo user, AuditRecord request, List<string> errors)
    {
        var qualified = request.Group.Length == 0 ? request.Resource : $"{request.Resource}.{request.Group}";
        var subject = string.IsNullOrEmpty(request.Name) ? qualified : $"{qualified} \"{request.Name}\"";
        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var scope = string.IsNullOrEmpty(request.Namespace) ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        var message = $"{subject} is forbidden: User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}";
        return errors.Count switch
        {
            0 => message,
            1 => $"{message}: RBAC: {errors[0]}",
            _ => $"{message}: RBAC: [{string.Join(", ", errors)}]",
        };
    }

    private IReadOnlyList<PolicyRule>? RulesOf(RbacBinding binding) => binding.RoleKind switch
    {
        "ClusterRole" => _clusterRoles.GetValueOrDefault(binding.RoleName),
        "Role" when binding.Namespace is not null => _roles.GetValueOrDefault((binding.Namespace, binding.RoleName)),
        _ => null,
    };

    private static string MissingRole(RbacBinding binding) =>
        binding.RoleKind == "Role"
            ? $"role.{Group} \"{binding.RoleName}\" not found"
            : $"clusterrole.{Group} \"{binding.RoleName}\" not found";

    private static IReadOnlyList<PolicyRule> Rules(JsonObject role) =>
        [.. (role["rules"] as JsonArray ?? []).Select(PolicyRule.FromJson)];
}
