namespace Extender.Sandbox.Kubernetes;

/// <summary>The subset of the Kubernetes API the project uses, plus the project's own custom resources.</summary>
internal static class ApiResources
{
    public const string ProvisioningGroup = "provisioning.extender.io";
    public const string ProvisioningVersion = "v1alpha1";
    public const string RbacGroup = "rbac.authorization.k8s.io";

    public static IReadOnlyList<ApiResource> All { get; } =
    [
        new("", "v1", "pods", "Pod", Namespaced: true, HasStatus: true),
        new("", "v1", "nodes", "Node", Namespaced: false, HasStatus: true),
        new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatus: true),
        new("", "v1", "events", "Event", Namespaced: true, HasStatus: false),
        new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true, HasStatus: true),
        new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true, HasStatus: true),
        new("batch", "v1", "jobs", "Job", Namespaced: true, HasStatus: true),
        new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true, HasStatus: false),
        new("events.k8s.io", "v1", "events", "Event", Namespaced: true, HasStatus: false),

        // What an install applies besides our own resources: stored and served; Controllers/ acts on deployments and poddisruptionbudgets.
        new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true, HasStatus: false),
        new("", "v1", "configmaps", "ConfigMap", Namespaced: true, HasStatus: false),
        new("", "v1", "services", "Service", Namespaced: true, HasStatus: true),
        new("apps", "v1", "deployments", "Deployment", Namespaced: true, HasStatus: true),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Namespaced: true, HasStatus: true),
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", Namespaced: true, HasStatus: false),
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false, HasStatus: true),

        // The objects the authorizer reads when the server enforces RBAC.
        new(RbacGroup, "v1", "roles", "Role", Namespaced: true, HasStatus: false),
        new(RbacGroup, "v1", "rolebindings", "RoleBinding", Namespaced: true, HasStatus: false),
        new(RbacGroup, "v1", "clusterroles", "ClusterRole", Namespaced: false, HasStatus: false),
        new(RbacGroup, "v1", "clusterrolebindings", "ClusterRoleBinding", Namespaced: false, HasStatus: false),
        new(ProvisioningGroup, ProvisioningVersion, "nodepools", "NodePool", Namespaced: false, HasStatus: true),
        new(ProvisioningGroup, ProvisioningVersion, "ec2nodeclasses", "EC2NodeClass", Namespaced: false, HasStatus: true),
        new(ProvisioningGroup, ProvisioningVersion, "nodeclaims", "NodeClaim", Namespaced: false, HasStatus: true),
    ];

    public static ApiResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ApiResource? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);
}
