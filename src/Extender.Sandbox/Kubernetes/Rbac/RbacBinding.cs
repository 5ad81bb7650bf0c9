using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>A RoleBinding (<see cref="Namespace"/> set) or ClusterRoleBinding (<see cref="Namespace"/> null).</summary>
internal sealed record RbacBinding(string? Namespace, string RoleKind, string RoleName, IReadOnlyList<RbacSubject> Subjects)
{
    public static RbacBinding FromJson(JsonObject binding, string? ns) => new(
        ns,
        (string?)binding["roleRef"]?["kind"] ?? "",
        (string?)binding["roleRef"]?["name"] ?? "",
        [.. (binding["subjects"] as JsonArray ?? []).Select(RbacSubject.FromJson)]);

    public bool AppliesTo(UserInfo user) => Subjects.Any(s => s.AppliesTo(user, Namespace));
}
