using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Scheduling;

public sealed class InterPodAffinityTests
{
    private const string Hostname = "kubernetes.io/hostname";
    private const string Zone = "topology.kubernetes.io/zone";

    // n1, n2 in zone a; n3 in zone b; n4 has no zone label.
    private static readonly Node[] Nodes =
    [
        new NodeBuilder("n1").Zone("a").Build(),
        new NodeBuilder("n2").Zone("a").Build(),
        new NodeBuilder("n3").Zone("b").Build(),
        new NodeBuilder("n4").Build(),
    ];

    public static TheoryData<string, PodBuilder, PodBuilder[], string> Cases => new()
    {
        {
            "anti-affinity hostname: only the node with a match fails",
            new PodBuilder("web-1").Label("app", "web").AntiAffinity(Hostname, ("app", "web")),
            [new PodBuilder("web-0").Label("app", "web").OnNode("n1")],
            "n1=didn't match pod anti-affinity rules"
        },
        {
            "anti-affinity zone: every node of the zone fails",
            new PodBuilder("web-1").AntiAffinity(Zone, ("app", "web")),
            [new PodBuilder("web-0").Label("app", "web").OnNode("n1")],
            "n1=didn't match pod anti-affinity rules n2=didn't match pod anti-affinity rules"
        },
        {
            "anti-affinity ignores other namespaces by default",
            new PodBuilder("web-1").AntiAffinity(Hostname, ("app", "web")),
            [new PodBuilder("web-0").Namespace("other").Label("app", "web").OnNode("n1")],
            ""
        },
        {
            "anti-affinity with listed namespaces",
            new PodBuilder("web-1").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, ["other"], null)),
            [new PodBuilder("web-0").Namespace("other").Label("app", "web").OnNode("n2")],
            "n2=didn't match pod anti-affinity rules"
        },
        {
            "anti-affinity with empty namespace selector covers all namespaces",
            new PodBuilder("web-1").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, [], Selector())),
            [new PodBuilder("web-0").Namespace("other").Label("app", "web").OnNode("n3")],
            "n3=didn't match pod anti-affinity rules"
        },
        {
            "anti-affinity namespace selector on the metadata.name label",
            new PodBuilder("web-1").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, [], Selector(("kubernetes.io/metadata.name", "team-b")))),
            [new PodBuilder("a").Namespace("team-a").Label("app", "web").OnNode("n1"), new PodBuilder("b").Namespace("team-b").Label("app", "web").OnNode("n2")],
            "n2=didn't match pod anti-affinity rules"
        },
        {
            "anti-affinity with matchExpressions",
            new PodBuilder("web-1").AntiAffinity(new PodAffinityTerm(new LabelSelector(new Dictionary<string, string>(), [Expr.In("app", "web", "api")]), Hostname, [], null)),
            [new PodBuilder("api-0").Label("app", "api").OnNode("n4"), new PodBuilder("db-0").Label("app", "db").OnNode("n1")],
            "n4=didn't match pod anti-affinity rules"
        },
        {
            "finished pods do not count",
            new PodBuilder("web-1").AntiAffinity(Hostname, ("app", "web")),
            [new PodBuilder("web-0").Label("app", "web").OnNode("n1").Phase("Succeeded")],
            ""
        },
        {
            "existing pod's anti-affinity rejects the incoming pod",
            new PodBuilder("web-1").Label("app", "web"),
            [new PodBuilder("loner").AntiAffinity(Hostname, ("app", "web")).OnNode("n3")],
            "n3=didn't satisfy existing pods anti-affinity rules"
        },
        {
            "existing pod's anti-affinity in its own namespace only",
            new PodBuilder("web-1").Namespace("other").Label("app", "web"),
            [new PodBuilder("loner").AntiAffinity(Hostname, ("app", "web")).OnNode("n3")],
            ""
        },
        {
            "existing pod's anti-affinity on a zone the node lacks",
            new PodBuilder("web-1").Label("app", "web"),
            [new PodBuilder("loner").AntiAffinity(Zone, ("app", "web")).OnNode("n4")],
            ""
        },
        {
            "affinity to a zone with a match",
            new PodBuilder("cache-client").Affinity(Zone, ("app", "cache")),
            [new PodBuilder("cache-0").Label("app", "cache").OnNode("n3")],
            "n1=didn't match pod affinity rules n2=didn't match pod affinity rules n4=didn't match pod affinity rules"
        },
        {
            "affinity with no match anywhere",
            new PodBuilder("cache-client").Affinity(Zone, ("app", "cache")),
            [],
            "n1=didn't match pod affinity rules n2=didn't match pod affinity rules n3=didn't match pod affinity rules n4=didn't match pod affinity rules"
        },
        {
            "first pod of a self-affine group goes to any node with the key",
            new PodBuilder("cache-0").Label("app", "cache").Affinity(Zone, ("app", "cache")),
            [],
            "n4=didn't match pod affinity rules"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_InterPodTerms_RejectExactlyTheConflictingNodes(string scenario, PodBuilder pod, PodBuilder[] existing, string expected)
    {
        var state = new ClusterState();
        state.Replace(Nodes, existing.Select(p => p.Build()));
        var snapshot = state.Current;
        var prepared = NodeFit.Prepare(pod.Build(), snapshot);

        var failuresByPosition = snapshot.Nodes
            .Select((n, i) => (n.Node.Name, Result: NodeFit.Evaluate(prepared, i)))
            .Where(r => !r.Result.Fits)
            .Select(r => $"{r.Name}={r.Result.Reason.Replace("node(s) ", "", StringComparison.Ordinal)}");

        Assert.Equal(expected, Failures(snapshot, pod));
        Assert.Equal(expected, string.Join(' ', failuresByPosition));
        Assert.NotEmpty(scenario);
    }

    [Theory]
    [InlineData("didn't match pod affinity rules", FitOutcome.UnschedulableAndUnresolvable)]
    [InlineData("didn't match pod anti-affinity rules", FitOutcome.Unschedulable)]
    [InlineData("didn't satisfy existing pods anti-affinity rules", FitOutcome.Unschedulable)]
    public void Evaluate_InterPodFailures_ClassifiedAsUpstream(string reason, FitOutcome outcome)
    {
        // Upstream InterPodAffinity: anti-affinity can be fixed by preempting the conflicting pod, affinity cannot.
        var state = new ClusterState();
        state.Replace(
            [new NodeBuilder("n1").Build()],
            [new PodBuilder("other").Label("app", "web").AntiAffinity(Hostname, ("role", "existing")).OnNode("n1").Build()]);
        var pod = reason switch
        {
            "didn't match pod affinity rules" => new PodBuilder("p").Affinity(Hostname, ("app", "nothing")),
            "didn't match pod anti-affinity rules" => new PodBuilder("p").AntiAffinity(Hostname, ("app", "web")),
            _ => new PodBuilder("p").Label("role", "existing"),
        };

        var result = NodeFit.Evaluate(pod.Build(), state.Current.Nodes[0], state.Current);

        Assert.Equal(("node(s) " + reason, outcome), (result.Reason, result.Outcome));
    }

    // Upstream's filtering tests with namespaceSelector (interpodaffinity/filtering_test.go): the selector is matched
    // against the Namespace objects' labels; "team-a" is labelled team=a, "team-b" team=b, "default" env=prod.
    public static TheoryData<string, PodBuilder, PodBuilder[], string> NamespaceSelectorCases => new()
    {
        {
            "anti-affinity selects the pods of namespaces labelled team=a only",
            new PodBuilder("p").Namespace("default").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, [], Selector(("team", "a")))),
            [new PodBuilder("web-a").Namespace("team-a").Label("app", "web").OnNode("n1"), new PodBuilder("web-b").Namespace("team-b").Label("app", "web").OnNode("n3")],
            "n1=didn't match pod anti-affinity rules"
        },
        {
            "affinity to a namespace picked by a set-based selector",
            new PodBuilder("p").Namespace("default").Affinity(new PodAffinityTerm(
                Selector(("app", "cache")), Zone, [], new LabelSelector(new Dictionary<string, string>(), [Expr.In("team", "a")]))),
            [new PodBuilder("cache-a").Namespace("team-a").Label("app", "cache").OnNode("n3"), new PodBuilder("cache-b").Namespace("team-b").Label("app", "cache").OnNode("n1")],
            "n1=didn't match pod affinity rules n2=didn't match pod affinity rules n4=didn't match pod affinity rules"
        },
        {
            "an existing pod's anti-affinity covers the incoming pod's namespace by its labels",
            new PodBuilder("p").Namespace("default").Label("role", "intruder"),
            [new PodBuilder("guard").Namespace("team-a").AntiAffinity(new PodAffinityTerm(Selector(("role", "intruder")), Hostname, [], Selector(("env", "prod")))).OnNode("n3")],
            "n3=didn't satisfy existing pods anti-affinity rules"
        },
        {
            "an existing pod's anti-affinity for another environment does not cover it",
            new PodBuilder("p").Namespace("default").Label("role", "intruder"),
            [new PodBuilder("guard").Namespace("team-a").AntiAffinity(new PodAffinityTerm(Selector(("role", "intruder")), Hostname, [], Selector(("env", "dev")))).OnNode("n3")],
            ""
        },
        {
            "the listed namespaces and the selected ones together",
            new PodBuilder("p").Namespace("default").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, ["team-b"], Selector(("team", "a")))),
            [new PodBuilder("web-a").Namespace("team-a").Label("app", "web").OnNode("n1"), new PodBuilder("web-b").Namespace("team-b").Label("app", "web").OnNode("n3")],
            "n1=didn't match pod anti-affinity rules n3=didn't match pod anti-affinity rules"
        },
    };

    [Theory]
    [MemberData(nameof(NamespaceSelectorCases))]
    public void Evaluate_NamespaceSelector_MatchesNamespacesByTheirLabels(string scenario, PodBuilder pod, PodBuilder[] existing, string expected)
    {
        var state = new ClusterState();
        state.Replace(Nodes, existing.Select(p => p.Build()));
        state.ReplaceNamespaceLabels(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["team-a"] = new Dictionary<string, string> { ["team"] = "a" },
            ["team-b"] = new Dictionary<string, string> { ["team"] = "b" },
            ["default"] = new Dictionary<string, string> { ["env"] = "prod" },
        });

        Assert.Equal(expected, Failures(state.Current, pod));
        Assert.NotEmpty(scenario);
    }

    [Fact]
    public void NamespaceLabels_SurviveNodeAndPodChangesAndRelists_AndARelabelTakesEffect()
    {
        var state = new ClusterState();
        state.Replace(Nodes, [new PodBuilder("web-a").Namespace("team-a").Label("app", "web").OnNode("n1").Build()]);
        state.ReplaceNamespaceLabels(new Dictionary<string, IReadOnlyDictionary<string, string>> { ["team-a"] = new Dictionary<string, string> { ["team"] = "a" } });
        state.UpsertNode(new NodeBuilder("n5").Build());
        state.UpsertPod(new PodBuilder("other").Build());
        state.ReplaceNodes(Nodes);
        state.ReplacePods([new PodBuilder("web-a").Namespace("team-a").Label("app", "web").OnNode("n1").Build()]);
        var pod = new PodBuilder("p").Namespace("default").AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), Hostname, [], Selector(("team", "a")))).Build();

        Assert.False(NodeFit.Evaluate(pod, state.Current.Nodes[0], state.Current).Fits);

        state.ReplaceNamespaceLabels(new Dictionary<string, IReadOnlyDictionary<string, string>> { ["team-a"] = new Dictionary<string, string> { ["team"] = "z" } });

        Assert.True(NodeFit.Evaluate(pod, state.Current.Nodes[0], state.Current).Fits);
    }

    // The nodes the pod fails on, with the reasons as "name=reason" in node order.
    private static string Failures(ClusterSnapshot snapshot, PodBuilder pod)
    {
        var prepared = NodeFit.Prepare(pod.Build(), snapshot);
        return string.Join(' ', snapshot.Nodes
            .Select(n => (n.Node.Name, Result: NodeFit.Evaluate(prepared, n)))
            .Where(r => !r.Result.Fits)
            .Select(r => $"{r.Name}={r.Result.Reason.Replace("node(s) ", "", StringComparison.Ordinal)}"));
    }

    private static LabelSelector Selector(params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), []);
}
