namespace Extender.Sandbox.Kubernetes;

/// <summary>The subset of the Kubernetes API the project uses, plus the project's own custom resources.</summary>
internal static class ApiResources
{
    public const string ProvisioningGroup = "provisioning.extender.io";
    public const string ProvisioningVersion = "v1alpha1";
    public const string RbacGroup = "rbac.authorization.k8s.io";
    public const string AuthorizationGroup = "authorization.k8s.io";

    // Short names and categories as kube-apiserver's discovery lists them, so kubectl resolves the same words.
    public static ApiResource Pods { get; } = new("", "v1", "pods", "Pod", Namespaced: true, HasStatus: true) { ShortNames = ["po"], Categories = ["all"] };

    public static ApiResource Nodes { get; } = new("", "v1", "nodes", "Node", Namespaced: false, HasStatus: true) { ShortNames = ["no"] };

    public static ApiResource Namespaces { get; } = new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatus: true) { ShortNames = ["ns"] };

    public static ApiResource CoreEvents { get; } = new("", "v1", "events", "Event", Namespaced: true, HasStatus: false) { ShortNames = ["ev"] };

    public static ApiResource Events { get; } = new("events.k8s.io", "v1", "events", "Event", Namespaced: true, HasStatus: false) { ShortNames = ["ev"], ViewOf = CoreEvents };

    public static ApiResource SubjectAccessReviews { get; } = new(AuthorizationGroup, "v1", "subjectaccessreviews", "SubjectAccessReview", Namespaced: false, HasStatus: false) { Verbs = ["create"] };

    public static ApiResource SelfSubjectAccessReviews { get; } = new(AuthorizationGroup, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", Namespaced: false, HasStatus: false) { Verbs = ["create"] };

    public static IReadOnlyList<ApiResource> All { get; } =
    [
        Pods,
        Nodes,
        Namespaces,
        CoreEvents,
        new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true, HasStatus: true) { ShortNames = ["ds"], Categories = ["all"] },
        new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true, HasStatus: true) { ShortNames = ["rs"], Categories = ["all"], HasScale = true },
        new("batch", "v1", "jobs", "Job", Namespaced: true, HasStatus: true) { Categories = ["all"] },
        new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true, HasStatus: false),
        Events,

        // What an install applies besides our own resources: stored and served; Controllers/ acts on deployments and poddisruptionbudgets.
        new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true, HasStatus: false) { ShortNames = ["sa"] },
        new("", "v1", "configmaps", "ConfigMap", Namespaced: true, HasStatus: false) { ShortNames = ["cm"] },
        new("", "v1", "podtemplates", "PodTemplate", Namespaced: true, HasStatus: false),
        new("", "v1", "services", "Service", Namespaced: true, HasStatus: true) { ShortNames = ["svc"], Categories = ["all"] },
        new("apps", "v1", "deployments", "Deployment", Namespaced: true, HasStatus: true) { ShortNames = ["deploy"], Categories = ["all"], HasScale = true },
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Namespaced: true, HasStatus: true) { ShortNames = ["pdb"] },

        // Attached by CSI drivers; read before a drained node's instance is terminated.
        new("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", Namespaced: false, HasStatus: true),
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", Namespaced: true, HasStatus: false) { ShortNames = ["netpol"] },
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Namespaced: false, HasStatus: true) { ShortNames = ["crd", "crds"] },

        // The objects the authorizer reads when the server enforces RBAC.
        new(RbacGroup, "v1", "roles", "Role", Namespaced: true, HasStatus: false),
        new(RbacGroup, "v1", "rolebindings", "RoleBinding", Namespaced: true, HasStatus: false),
        new(RbacGroup, "v1", "clusterroles", "ClusterRole", Namespaced: false, HasStatus: false),
        new(RbacGroup, "v1", "clusterrolebindings", "ClusterRoleBinding", Namespaced: false, HasStatus: false),

        // Reviews are answered, never stored.
        SubjectAccessReviews,
        SelfSubjectAccessReviews,
        .. CustomResourceDefinitions.Served,
    ];

    public static ApiResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ApiResource? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind && r.ViewOf is null)
        ?? All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>The resource an object's kind is kept as: the stored resource behind a view.</summary>
    public static ApiResource Storage(ApiResource resource) => resource.ViewOf ?? resource;
}
