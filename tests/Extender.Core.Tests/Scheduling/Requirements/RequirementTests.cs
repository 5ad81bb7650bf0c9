using Extender.Core.Catalog;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Tests.Scheduling.Requirements;

public sealed class RequirementTests
{
    [Theory]
    [InlineData("In", "a,b", "a", true)]
    [InlineData("In", "a,b", "c", false)]
    [InlineData("In", "a,b", null, false)]
    [InlineData("NotIn", "a,b", "c", true)]
    [InlineData("NotIn", "a,b", "a", false)]
    [InlineData("NotIn", "a", null, true)]
    [InlineData("Exists", "", "x", true)]
    [InlineData("Exists", "", null, false)]
    [InlineData("DoesNotExist", "", null, true)]
    [InlineData("DoesNotExist", "", "x", false)]
    [InlineData("Gt", "4", "8", true)]
    [InlineData("Gt", "4", "4", false)]
    [InlineData("Gt", "4", "abc", false)]
    [InlineData("Lt", "4", "2", true)]
    [InlineData("Lt", "4", null, false)]
    public void Matches_OperatorTable_DecidesLikeKubernetes(string op, string values, string? label, bool expected)
    {
        var requirement = Requirement.Create("k", op, Split(values));

        Assert.Equal(expected, requirement.Matches(label));
    }

    [Theory]
    [InlineData("In", "a,b", "In", "b,c", "b", true)]
    [InlineData("In", "a", "In", "b", "a", false)]
    [InlineData("In", "a,b", "NotIn", "a", "b", true)]
    [InlineData("In", "a", "NotIn", "a", "a", false)]
    [InlineData("Exists", "", "DoesNotExist", "", null, false)]
    [InlineData("NotIn", "a", "DoesNotExist", "", null, true)]
    [InlineData("Gt", "2", "Lt", "5", "3", true)]
    [InlineData("Gt", "4", "Lt", "5", "5", false)]
    public void Intersect_Table_KeepsOnlyValuesBothAllow(string op1, string v1, string op2, string v2, string? probe, bool satisfiable)
    {
        var result = Requirement.Create("k", op1, Split(v1)).Intersect(Requirement.Create("k", op2, Split(v2)));

        Assert.Equal(satisfiable, result.IsSatisfiable);
        if (satisfiable)
        {
            Assert.True(result.Matches(probe));
        }
    }

    [Fact]
    public void Intersect_MinValues_KeepsTheLarger()
    {
        var a = Requirement.Create("k", "Exists", [], 3);
        var b = Requirement.Create("k", "Exists", [], 5);

        Assert.Equal(5, a.Intersect(b).MinValues);
    }

    [Fact]
    public void Create_UnknownOperator_ThrowsNamingKey()
    {
        var error = Assert.Throws<FormatException>(() => Requirement.Create("zone", "Near", ["a"]));

        Assert.Contains("\"zone\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_KarpenterKeys_MapOntoOurs()
    {
        var set = RequirementSet.Of([Requirement.In("karpenter.sh/capacity-type", "spot"), Requirement.In("karpenter.k8s.aws/instance-family", "m5")]);

        Assert.NotNull(set.Get(WellKnownLabels.CapacityType));
        Assert.NotNull(set.Get(WellKnownLabels.InstanceFamily));
    }

    [Theory]
    [InlineData("beta.kubernetes.io/arch", WellKnownLabels.Arch)]
    [InlineData("beta.kubernetes.io/os", WellKnownLabels.Os)]
    [InlineData("beta.kubernetes.io/instance-type", WellKnownLabels.InstanceType)]
    [InlineData("failure-domain.beta.kubernetes.io/zone", WellKnownLabels.Zone)]
    [InlineData("failure-domain.beta.kubernetes.io/region", WellKnownLabels.Region)]
    [InlineData("karpenter.k8s.aws/instance-hypervisor", "provisioning.extender.io/instance-hypervisor")]
    public void Of_DeprecatedAndKarpenterKeys_MapAsKarpenterNormalizesThem(string key, string expected)
    {
        var set = RequirementSet.Of([Requirement.In(key, "x")]);

        Assert.Equal(expected, Assert.Single(set.All).Key);
    }

    [Theory]
    [InlineData("karpenter.sh/nodepool")]
    [InlineData("karpenter.sh/registered")]
    [InlineData("karpenter.sh/initialized")]
    public void Of_KeysKarpenterRecognisesItsNodesBy_StayTheirOwn(string key)
    {
        var set = RequirementSet.Of([Requirement.In(key, "x")]);

        Assert.Equal(key, Assert.Single(set.All).Key);
    }

    [Fact]
    public void FirstViolatedBy_Labels_NamesTheFailingRequirement()
    {
        var set = RequirementSet.Of([Requirement.In("a", "1"), Requirement.Create("b", "DoesNotExist", [])]);

        Assert.Null(set.FirstViolatedBy(new Dictionary<string, string> { ["a"] = "1" }));
        Assert.Equal("b", set.FirstViolatedBy(new Dictionary<string, string> { ["a"] = "1", ["b"] = "x" })?.Key);
    }

    private static string[] Split(string values) => values.Length == 0 ? [] : values.Split(',');
}
