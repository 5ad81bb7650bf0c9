using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class NodeAffinityTests
{
    private static readonly Node Node = new NodeBuilder("ip-10-0-1-23")
        .Zone("us-east-1a").InstanceType("m5.large").Label("cpu-count", "8").Label("odd", "x8").Build();

    public static TheoryData<string, NodeSelectorTerm[], bool> Terms => new()
    {
        { "In", [Term(Expr.In("topology.kubernetes.io/zone", "us-east-1a", "us-east-1b"))], true },
        { "In other value", [Term(Expr.In("topology.kubernetes.io/zone", "us-east-1b"))], false },
        { "In absent key", [Term(Expr.In("gpu", "true"))], false },
        { "NotIn other value", [Term(Expr.NotIn("topology.kubernetes.io/zone", "us-east-1b"))], true },
        { "NotIn absent key", [Term(Expr.NotIn("gpu", "true"))], true },
        { "NotIn listed value", [Term(Expr.NotIn("topology.kubernetes.io/zone", "us-east-1a"))], false },
        { "Exists", [Term(Expr.Exists("node.kubernetes.io/instance-type"))], true },
        { "Exists absent", [Term(Expr.Exists("gpu"))], false },
        { "DoesNotExist absent", [Term(Expr.DoesNotExist("gpu"))], true },
        { "DoesNotExist present", [Term(Expr.DoesNotExist("cpu-count"))], false },
        { "Gt greater", [Term(Expr.Gt("cpu-count", 4))], true },
        { "Gt equal", [Term(Expr.Gt("cpu-count", 8))], false },
        { "Lt smaller", [Term(Expr.Lt("cpu-count", 16))], true },
        { "Lt equal", [Term(Expr.Lt("cpu-count", 8))], false },
        { "Gt non-integer label", [Term(Expr.Gt("odd", 1))], false },
        { "Gt absent key", [Term(Expr.Gt("gpu", 0))], false },
        { "Gt two values is malformed", [Term(new NodeSelectorRequirement("cpu-count", "Gt", ["1", "2"]))], false },
        { "expressions ANDed", [Term(Expr.Exists("cpu-count"), Expr.Exists("gpu"))], false },
        { "terms ORed", [Term(Expr.Exists("gpu")), Term(Expr.Exists("cpu-count"))], true },
        { "empty term matches nothing", [new NodeSelectorTerm([], [])], false },
        { "matchFields name In", [Fields(Expr.In("metadata.name", "ip-10-0-1-23"))], true },
        { "matchFields name In other", [Fields(Expr.In("metadata.name", "ip-10-0-9-9"))], false },
        { "matchFields name NotIn", [Fields(Expr.NotIn("metadata.name", "ip-10-0-9-9"))], true },
        { "matchFields unknown field", [Fields(Expr.In("metadata.uid", "ip-10-0-1-23"))], false },
        { "matchFields Exists unsupported", [Fields(Expr.Exists("metadata.name"))], false },
        { "fields ANDed with expressions", [new NodeSelectorTerm([Expr.Exists("gpu")], [Expr.In("metadata.name", "ip-10-0-1-23")])], false },
        { "unknown operator", [Term(new NodeSelectorRequirement("cpu-count", "Near", ["8"]))], false },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void Matches_RequiredTerms_FollowUpstreamNodeAffinity(string scenario, NodeSelectorTerm[] terms, bool expected)
    {
        var builder = new PodBuilder(scenario.Replace(' ', '-'));
        foreach (var term in terms)
        {
            builder.RequireNodeAffinity(term);
        }

        Assert.Equal(expected, NodeAffinity.Matches(builder.Build(), Node));
        Assert.Equal(expected, MatchesByLabelColumns(builder.Build()));
    }

    [Theory]
    [InlineData("topology.kubernetes.io/zone", "us-east-1a", true)]
    [InlineData("topology.kubernetes.io/zone", "us-east-1b", false)]
    [InlineData("gpu", "true", false)]
    public void Matches_NodeSelector_RequiresEqualLabel(string key, string value, bool expected)
    {
        var pod = new PodBuilder("p").NodeSelector(key, value).Build();

        Assert.Equal(expected, NodeAffinity.Matches(pod, Node));
        Assert.Equal(expected, MatchesByLabelColumns(pod));
    }

    [Fact]
    public void Matches_SelectorAndAffinity_BothMustHold()
    {
        var pod = new PodBuilder("p").NodeSelector("topology.kubernetes.io/zone", "us-east-1a").RequireNodeAffinity(Expr.Exists("gpu")).Build();

        Assert.False(NodeAffinity.Matches(pod, Node));
    }

    // The same decision through the snapshot's label columns (NodeFit by node position); the pod requests nothing the
    // node lacks, so only node affinity can fail.
    private static bool MatchesByLabelColumns(Pod pod)
    {
        var state = new ClusterState();
        state.Replace([Node, new NodeBuilder("ip-10-0-9-9").Zone("us-east-1b").Label("cpu-count", "2").Build()], []);
        var snapshot = state.Current;
        return NodeFit.Evaluate(NodeFit.Prepare(pod, snapshot), snapshot.IndexOfNode(Node.Name)).Fits;
    }

    private static NodeSelectorTerm Term(params NodeSelectorRequirement[] expressions) => new(expressions, []);

    private static NodeSelectorTerm Fields(params NodeSelectorRequirement[] fields) => new([], fields);
}
