using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>A binding's subject: a User, a Group, or a ServiceAccount.</summary>
internal sealed record RbacSubject(string Kind, string Name, string? Namespace)
{
    public static RbacSubject FromJson(JsonNode? subject) =>
        new((string?)subject?["kind"] ?? "", (string?)subject?["name"] ?? "", (string?)subject?["namespace"]);

    /// <remarks>A ServiceAccount subject without a namespace means the binding's own namespace, as the real authorizer reads it.</remarks>
    public bool AppliesTo(UserInfo user, string? bindingNamespace) => Kind switch
    {
        "User" => user.Name == Name,
        "Group" => user.Groups.Contains(Name),
        "ServiceAccount" => user.Name == UserInfo.ServiceAccountUserName(string.IsNullOrEmpty(Namespace) ? bindingNamespace ?? "" : Namespace, Name),
        _ => false,
    };
}
