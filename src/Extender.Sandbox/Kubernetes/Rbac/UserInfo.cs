namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>Who a request comes from, as the API server's authenticator hands it to the authorizer.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The group the real API server lets do anything before any authorizer is asked.</summary>
    public const string SuperuserGroup = "system:masters";

    public const string Authenticated = "system:authenticated";

    /// <summary>The sandbox's admin: the identity of its kubeconfig, the demo and the tests; allowed everything.</summary>
    public static UserInfo Admin { get; } = new("kubernetes-admin", [SuperuserGroup, Authenticated]);

    /// <summary>A request with no credentials, as the real server names it when anonymous requests are enabled.</summary>
    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    /// <summary>The user a ServiceAccount token authenticates as, with the groups the real token authenticator adds.</summary>
    public static UserInfo ServiceAccount(string ns, string name) =>
        new(ServiceAccountUserName(ns, name), ["system:serviceaccounts", "system:serviceaccounts:" + ns, Authenticated]);

    public static string ServiceAccountUserName(string ns, string name) => $"system:serviceaccount:{ns}:{name}";
}
