using System.Net;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Rbac;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Tests.Sandbox;

/// <summary>The sandbox API server with RBAC enforced: tokens, TokenRequests, bindings, and the real server's 403s.</summary>
public sealed class SandboxRbacTests : IAsyncLifetime
{
    private const string Namespace = "ec2-capacity-system";
    private const string Account = "ec2-capacity-extender";
    private const string User = "system:serviceaccount:ec2-capacity-system:ec2-capacity-extender";

    private SandboxApiServer _api = null!;
    private k8s.Kubernetes _admin = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { EnforceRbac = true });
        _admin = new k8s.Kubernetes(_api.ClientConfiguration());
        await _admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await _admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = Account } }, Namespace);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Create_ServiceAccountWithNoBinding_Is403WithTheRealServersMessage()
    {
        using var client = await ServiceAccountClientAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "ec2-capacity-provisioner" } }, "kube-system"));

        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        Assert.Equal(("Forbidden", 403), (status.Reason, status.Code));
        Assert.Equal(
            $"leases.coordination.k8s.io is forbidden: User \"{User}\" cannot create resource \"leases\" in API group \"coordination.k8s.io\" in the namespace \"kube-system\"",
            status.Message);
        Assert.Equal(("coordination.k8s.io", "leases"), (status.Details.Group, status.Details.Kind));
        Assert.Contains(_api.Audit, a => a is { User: User, Verb: "create", Resource: "leases", Allowed: false });
    }

    [Fact]
    public async Task Get_RoleBindingToClusterRole_AllowedInTheBindingsNamespaceOnly()
    {
        await _admin.RbacAuthorizationV1.CreateClusterRoleAsync(ClusterRole("pod-reader", new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["list"] }));
        await _admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(RoleBinding("read-pods", "ClusterRole", "pod-reader"), "team-a");
        using var client = await ServiceAccountClientAsync();

        await client.CoreV1.ListNamespacedPodAsync("team-a");
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedPodAsync("team-b"));
        var everywhere = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListPodForAllNamespacesAsync());

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Response.StatusCode);
        Assert.Equal($"pods is forbidden: User \"{User}\" cannot list resource \"pods\" in API group \"\" at the cluster scope", Message(everywhere));
    }

    [Fact]
    public async Task Create_ClusterRoleBindingWithSubresourceRule_AllowsTheSubresourceNotTheResource()
    {
        await _admin.RbacAuthorizationV1.CreateClusterRoleAsync(ClusterRole("binder", new V1PolicyRule { ApiGroups = [""], Resources = ["pods/binding"], Verbs = ["create"] }));
        await _admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "binder" },
            RoleRef = new V1RoleRef { ApiGroup = RbacPolicy.Group, Kind = "ClusterRole", Name = "binder" },
            Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:serviceaccounts:" + Namespace }],
        });
        _api.Upsert(new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = "web-0", NamespaceProperty = "default" }, Spec = new V1PodSpec() });
        using var client = await ServiceAccountClientAsync();

        await client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new V1ObjectMeta { Name = "web-0" }, Target = new V1ObjectReference { Kind = "Node", Name = "n1" } }, "web-0", "default");
        var get = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("web-0", "default"));

        Assert.Equal($"pods \"web-0\" is forbidden: User \"{User}\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"", Message(get));
    }

    [Fact]
    public async Task Get_RoleWithResourceNames_AllowsTheNamedLeaseOnly()
    {
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "leases" },
            Rules = [new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], ResourceNames = ["mine"], Verbs = ["get"] }],
        }, Namespace);
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(RoleBinding("leases", "Role", "leases"), Namespace);
        foreach (var name in (string[])["mine", "theirs"])
        {
            _api.Upsert(new V1Lease { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace } });
        }

        using var client = await ServiceAccountClientAsync();

        await client.CoordinationV1.ReadNamespacedLeaseAsync("mine", Namespace);
        var theirs = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.ReadNamespacedLeaseAsync("theirs", Namespace));
        var list = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.ListNamespacedLeaseAsync(Namespace));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (theirs.Response.StatusCode, list.Response.StatusCode));
    }

    [Fact]
    public async Task Get_BindingToMissingClusterRole_Is403NamingTheMissingRole()
    {
        await _admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "scheduler" },
            RoleRef = new V1RoleRef { ApiGroup = RbacPolicy.Group, Kind = "ClusterRole", Name = "node-reader" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Account, NamespaceProperty = Namespace }],
        });
        using var client = await ServiceAccountClientAsync();

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());

        Assert.EndsWith(": RBAC: clusterrole.rbac.authorization.k8s.io \"node-reader\" not found", Message(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_UnknownToken_Is401()
    {
        using var client = new k8s.Kubernetes(_api.ClientConfiguration("not-issued"));

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.Response.StatusCode);
    }

    [Fact]
    public async Task Request_NoToken_IsAnonymousAndForbidden()
    {
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _api.Url.ToString() });

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNodeAsync());

        Assert.Equal("nodes is forbidden: User \"system:anonymous\" cannot list resource \"nodes\" in API group \"\" at the cluster scope", Message(e));
    }

    [Fact]
    public async Task TokenRequest_MissingServiceAccount_Is404()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, "nobody", Namespace));

        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task Request_RbacNotEnforced_EveryTokenAllowedAsBefore()
    {
        await using var open = await SandboxApiServer.StartAsync();
        using var client = new k8s.Kubernetes(open.ClientConfiguration("not-issued"));

        var nodes = await client.CoreV1.ListNodeAsync();

        Assert.Empty(nodes.Items);
        Assert.False(open.EnforcesRbac);
    }

    private async Task<k8s.Kubernetes> ServiceAccountClientAsync()
    {
        var request = await _admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, Account, Namespace);
        return new k8s.Kubernetes(_api.ClientConfiguration(request.Status.Token));
    }

    private static string Message(HttpOperationException e) => KubernetesJson.Deserialize<V1Status>(e.Response.Content).Message;

    private static V1ClusterRole ClusterRole(string name, V1PolicyRule rule) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = [rule] };

    private static V1RoleBinding RoleBinding(string name, string roleKind, string roleName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = RbacPolicy.Group, Kind = roleKind, Name = roleName },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Account, NamespaceProperty = Namespace }],
    };
}
