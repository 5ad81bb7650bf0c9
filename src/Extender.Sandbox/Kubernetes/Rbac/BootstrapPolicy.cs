using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// The ClusterRoles and ClusterRoleBindings kube-apiserver bootstraps (labelled
/// <c>kubernetes.io/bootstrapping: rbac-defaults</c>), stored when the sandbox starts so they can be listed, bound to
/// and reviewed like any others: <c>cluster-admin</c> for <c>system:masters</c>, the user-facing <c>admin</c>,
/// <c>edit</c> and <c>view</c> (flattened: upstream aggregates them from labelled roles), <c>system:basic-user</c>
/// (self access reviews for every authenticated user) and <c>system:kube-scheduler</c>, the scheduler stand-in's role.
/// </summary>
internal static class BootstrapPolicy
{
    private static readonly string[] WorkloadGroups = ["", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "coordination.k8s.io", "events.k8s.io"];
    private static readonly string[] ReadVerbs = ["get", "list", "watch"];
    private static readonly string[] WriteVerbs = ["create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"];

    public static IEnumerable<JsonObject> Objects()
    {
        yield return ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]));
        yield return ClusterRoleBinding("cluster-admin", "cluster-admin", ("Group", UserInfo.SuperuserGroup));
        yield return ClusterRole("admin", Rule(WorkloadGroups, ["*"], WriteVerbs), Rule([ApiResources.RbacGroup], ["roles", "rolebindings"], WriteVerbs), Rule([ApiResources.AuthorizationGroup], ["localsubjectaccessreviews"], ["create"]));
        yield return ClusterRole("edit", Rule(WorkloadGroups, ["*"], WriteVerbs));
        yield return ClusterRole("view", Rule(WorkloadGroups, ["*"], ReadVerbs));
        yield return ClusterRole("system:basic-user", Rule([ApiResources.AuthorizationGroup], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]));
        yield return ClusterRoleBinding("system:basic-user", "system:basic-user", ("Group", UserInfo.Authenticated));
        yield return ClusterRole(
            "system:kube-scheduler",
            Rule(["", "events.k8s.io"], ["events"], ["create", "patch", "update"]),
            Rule(["coordination.k8s.io"], ["leases"], ["create"]),
            Rule(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-scheduler"]),
            Rule([""], ["nodes", "namespaces", "services", "replicationcontrollers", "persistentvolumes", "persistentvolumeclaims"], ReadVerbs),
            Rule([""], ["pods"], ["delete", "get", "list", "watch"]),
            Rule([""], ["bindings", "pods/binding"], ["create"]),
            Rule([""], ["pods/status"], ["patch", "update"]),
            Rule(["apps"], ["replicasets", "statefulsets"], ReadVerbs),
            Rule(["policy"], ["poddisruptionbudgets"], ReadVerbs),
            Rule(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
            Rule([ApiResources.AuthorizationGroup], ["subjectaccessreviews"], ["create"]),
            Rule(["storage.k8s.io"], ["csinodes", "csidrivers", "csistoragecapacities", "storageclasses"], ReadVerbs));
        yield return ClusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", ("User", "system:kube-scheduler"));
    }

    private static JsonObject Rule(string[] groups, string[] resources, string[] verbs, string[]? names = null)
    {
        var rule = new JsonObject
        {
            ["apiGroups"] = Array(groups),
            ["resources"] = Array(resources),
            ["verbs"] = Array(verbs),
        };
        if (names is not null)
        {
            rule["resourceNames"] = Array(names);
        }

        return rule;
    }

    private static JsonObject ClusterRole(string name, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = $"{ApiResources.RbacGroup}/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name),
        ["rules"] = new JsonArray([.. rules]),
    };

    private static JsonObject ClusterRoleBinding(string name, string role, (string Kind, string Name) subject) => new()
    {
        ["apiVersion"] = $"{ApiResources.RbacGroup}/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name),
        ["roleRef"] = new JsonObject { ["apiGroup"] = ApiResources.RbacGroup, ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(new JsonObject { ["apiGroup"] = ApiResources.RbacGroup, ["kind"] = subject.Kind, ["name"] = subject.Name }),
    };

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
