namespace Extender.Sandbox.Kubernetes;

/// <summary>The subset of the Kubernetes API the project uses, plus the project's own custom resources.</summary>
internal static class ApiResources
{
    public const string ProvisioningGroup = "provisioning.extender.io";
    public const string ProvisioningVersion = "v1alpha1";

    public static IReadOnlyList<ApiResource> All { get; } =
    [
        new("", "v1", "pods", "Pod", Namespaced: true, HasStatus: true),
        new("", "v1", "nodes", "Node", Namespaced: false, HasStatus: true),
        new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatus: true),
        new("", "v1", "events", "Event", Namespaced: true, HasStatus: false),
        new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true, HasStatus: true),
        new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true, HasStatus: false),
        new("events.k8s.io", "v1", "events", "Event", Namespaced: true, HasStatus: false),
        new(ProvisioningGroup, ProvisioningVersion, "nodepools", "NodePool", Namespaced: false, HasStatus: true),
        new(ProvisioningGroup, ProvisioningVersion, "ec2nodeclasses", "EC2NodeClass", Namespaced: false, HasStatus: true),
        new(ProvisioningGroup, ProvisioningVersion, "nodeclaims", "NodeClaim", Namespaced: false, HasStatus: true),
    ];

    public static ApiResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ApiResource? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);
}
