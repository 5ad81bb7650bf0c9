using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>Bearer tokens and the users they stand for: the admin's fixed token, and tokens issued for ServiceAccounts.</summary>
internal sealed class TokenAuthenticator
{
    /// <summary>The token of the sandbox's kubeconfig and <see cref="SandboxApiServer.ClientConfiguration()"/>.</summary>
    public const string AdminToken = "sandbox";

    private readonly ConcurrentDictionary<string, UserInfo> _tokens = new(StringComparer.Ordinal) { [AdminToken] = UserInfo.Admin };

    public string Issue(UserInfo user)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _tokens[token] = user;
        return token;
    }

    /// <summary>The token stops working, as when its pod is deleted (a bound token dies with its pod).</summary>
    public bool Revoke(string token) => token != AdminToken && _tokens.TryRemove(token, out _);

    /// <summary>The user of an <c>Authorization</c> header: null when it carries a bearer token nobody issued.</summary>
    public UserInfo? Authenticate(string? authorization)
    {
        const string Bearer = "Bearer ";
        if (string.IsNullOrEmpty(authorization))
        {
            return UserInfo.Anonymous;
        }

        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? _tokens.GetValueOrDefault(authorization[Bearer.Length..].Trim())
            : null;
    }
}
