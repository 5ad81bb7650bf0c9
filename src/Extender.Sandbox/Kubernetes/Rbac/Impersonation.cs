using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// The <c>Impersonate-User</c> and <c>Impersonate-Group</c> headers (<c>kubectl --as</c>, <c>--as-group</c>), honoured
/// as kube-apiserver honours them: the requester must be allowed to <c>impersonate</c> the user (or, for
/// <c>system:serviceaccount:NS:NAME</c>, the ServiceAccount) and each group, and the request then runs as that user,
/// with the groups a token of theirs would carry.
/// </summary>
internal static class Impersonation
{
    /// <summary>The user <paramref name="requester"/> acts as; a null <paramref name="policy"/> (RBAC not enforced) lets everyone impersonate.</summary>
    public static UserInfo Apply(HttpRequest request, UserInfo requester, Func<RbacPolicy>? policy)
    {
        var userName = (string?)request.Headers["Impersonate-User"];
        if (string.IsNullOrEmpty(userName))
        {
            return requester;
        }

        var check = userName.StartsWith("system:serviceaccount:", StringComparison.Ordinal) && userName.Split(':') is [_, _, var ns, var sa]
            ? new AuditRecord("impersonate", "", "serviceaccounts", null, ns, sa)
            : new AuditRecord("impersonate", "", "users", null, null, userName);
        Authorize(requester, check, policy);

        var groups = request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        foreach (var group in groups)
        {
            Authorize(requester, new AuditRecord("impersonate", "", "groups", null, null, group), policy);
        }

        if (userName.Split(':') is ["system", "serviceaccount", var saNamespace, var saName])
        {
            groups.AddRange(UserInfo.ServiceAccount(saNamespace, saName).Groups);
        }
        else if (!groups.Contains(UserInfo.Authenticated) && userName != UserInfo.Anonymous.Name)
        {
            groups.Add(UserInfo.Authenticated);
        }

        return new UserInfo(userName, [.. groups.Distinct(StringComparer.Ordinal)]);
    }

    private static void Authorize(UserInfo requester, AuditRecord check, Func<RbacPolicy>? policy)
    {
        if (policy?.Invoke().Authorize(requester, check) is { Allowed: false } decision)
        {
            throw ApiException.Forbidden(check, decision.Message!);
        }
    }
}
