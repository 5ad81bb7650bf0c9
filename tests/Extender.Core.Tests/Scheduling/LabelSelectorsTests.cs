using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class LabelSelectorsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    public static TheoryData<string, LabelSelector?, bool> Cases => new()
    {
        { "null selects nothing", null, false },
        { "empty selects everything", Selector([]), true },
        { "matchLabels equal", Selector([], ("app", "web")), true },
        { "matchLabels differ", Selector([], ("app", "db")), false },
        { "matchLabels missing key", Selector([], ("zone", "a")), false },
        { "In", Selector([Expr.In("app", "db", "web")]), true },
        { "In other values", Selector([Expr.In("app", "db")]), false },
        { "NotIn absent key", Selector([Expr.NotIn("zone", "a")]), true },
        { "NotIn listed value", Selector([Expr.NotIn("app", "web")]), false },
        { "Exists", Selector([Expr.Exists("tier")]), true },
        { "DoesNotExist", Selector([Expr.DoesNotExist("tier")]), false },
        { "Gt is not a label selector operator", Selector([Expr.Gt("app", 1)]), false },
        { "labels and expressions ANDed", Selector([Expr.Exists("tier")], ("app", "db")), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_Selector_FollowsLabelSelectorSemantics(string scenario, LabelSelector? selector, bool expected)
    {
        Assert.NotEmpty(scenario);
        Assert.Equal(expected, LabelSelectors.Matches(selector, Labels));
    }

    private static LabelSelector Selector(NodeSelectorRequirement[] expressions, params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), expressions);
}
