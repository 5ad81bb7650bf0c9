using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Rbac;

namespace Extender.Tests.Sandbox;

public sealed class PolicyRuleTests
{
    [Theory]
    [InlineData("get", "", "pods", "", "web-0", true)]
    [InlineData("list", "", "pods", "", "", false)]
    [InlineData("get", "apps", "pods", "", "web-0", false)]
    [InlineData("get", "", "pods", "status", "web-0", false)]
    [InlineData("get", "", "nodes", "", "n1", false)]
    public void Allows_ExactRule_MatchesVerbGroupAndResourceOnly(string verb, string group, string resource, string subresource, string name, bool expected) =>
        Assert.Equal(expected, Rule(["get"], [""], ["pods"], []).Allows(Request(verb, group, resource, subresource, name)));

    [Theory]
    [InlineData("*", "", "pods", "", true)]
    [InlineData("pods/*", "", "pods", "binding", false)]
    [InlineData("*/status", "provisioning.extender.io", "nodeclaims", "status", true)]
    [InlineData("*/status", "provisioning.extender.io", "nodeclaims", "", false)]
    [InlineData("nodeclaims/status", "provisioning.extender.io", "nodeclaims", "status", true)]
    [InlineData("nodeclaims", "provisioning.extender.io", "nodeclaims", "status", false)]
    [InlineData("pods/binding", "", "pods", "binding", true)]
    public void Allows_ResourcePatterns_MatchAsKubernetesRbac(string ruleResource, string group, string resource, string subresource, bool expected) =>
        Assert.Equal(expected, Rule(["*"], ["*"], [ruleResource], []).Allows(Request("create", group, resource, subresource, "x")));

    [Theory]
    [InlineData("get", "ec2-capacity-provisioner", true)]
    [InlineData("update", "ec2-capacity-provisioner", true)]
    [InlineData("get", "kube-scheduler", false)]
    [InlineData("create", "", false)]
    [InlineData("list", "", false)]
    public void Allows_ResourceNames_OnlyNamedObjectsAndNeverUnnamedRequests(string verb, string name, bool expected) =>
        Assert.Equal(expected, Rule(["get", "update", "create", "list"], ["coordination.k8s.io"], ["leases"], ["ec2-capacity-provisioner"])
            .Allows(Request(verb, "coordination.k8s.io", "leases", "", name)));

    [Fact]
    public void Grants_RuleWithTwoVerbsAndTwoResources_SplitsIntoFourKeepingNames()
    {
        var grants = Rule(["get", "update"], ["coordination.k8s.io"], ["leases", "leases/status"], ["a"]).Grants().ToList();

        Assert.Equal(4, grants.Count);
        Assert.All(grants, g => Assert.Equal(["a"], g.ResourceNames));
    }

    private static PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[] names) => new(verbs, groups, resources, names);

    private static AuditRecord Request(string verb, string group, string resource, string subresource, string name) =>
        new(verb, group, resource, subresource.Length == 0 ? null : subresource, "default", name.Length == 0 ? null : name);
}
