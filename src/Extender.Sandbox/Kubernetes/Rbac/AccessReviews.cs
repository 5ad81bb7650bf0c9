using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// <c>SelfSubjectAccessReview</c> (<c>kubectl auth can-i</c>, for the requester, or whoever <c>--as</c> names) and
/// <c>SubjectAccessReview</c> (for the user and groups in its spec), answered by the same authorizer that judges
/// requests. Non-resource paths are allowed only to <c>system:masters</c>, whose every request is allowed.
/// </summary>
internal static class AccessReviews
{
    public static JsonObject Review(ApiResource resource, JsonObject review, UserInfo requester, RbacPolicy policy)
    {
        var spec = review["spec"] as JsonObject ?? throw ApiException.BadRequest("spec: Required value");
        var user = resource == ApiResources.SelfSubjectAccessReviews
            ? requester
            : new UserInfo(
                (string?)spec["user"] ?? throw FieldRequired(resource, "spec.user"),
                [.. (spec["groups"] as JsonArray ?? []).Select(g => (string?)g ?? "")]);
        bool allowed;
        if (spec["resourceAttributes"] is JsonObject attributes)
        {
            var request = new AuditRecord(
                (string?)attributes["verb"] ?? "",
                (string?)attributes["group"] ?? "",
                (string?)attributes["resource"] ?? "",
                string.IsNullOrEmpty((string?)attributes["subresource"]) ? null : (string?)attributes["subresource"],
                string.IsNullOrEmpty((string?)attributes["namespace"]) ? null : (string?)attributes["namespace"],
                string.IsNullOrEmpty((string?)attributes["name"]) ? null : (string?)attributes["name"]);
            allowed = policy.Allows(user, request);
        }
        else if (spec["nonResourceAttributes"] is JsonObject)
        {
            allowed = user.Groups.Contains(UserInfo.SuperuserGroup);
        }
        else
        {
            throw FieldRequired(resource, "spec.resourceAttributes");
        }

        return new JsonObject
        {
            ["kind"] = resource.Kind,
            ["apiVersion"] = resource.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject { ["allowed"] = allowed },
        };
    }

    private static ApiException FieldRequired(ApiResource resource, string field) =>
        Validation.FieldError.Invalid(resource, "", [Validation.FieldError.Required(field)]);
}
