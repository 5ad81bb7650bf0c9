using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Cluster;

public sealed class BoundPodIndexTests
{
    private static readonly string[] Namespaces = ["a", "b", "c"];
    private static readonly string[] Apps = ["web", "db", "cache", "batch"];
    private static readonly string[] Tiers = ["front", "back"];

    public static TheoryData<string, LabelSelector?> Selectors => new()
    {
        { "null selects nothing", null },
        { "empty selects all", Selector() },
        { "one label", Selector(("app", "web")) },
        { "two labels intersect", Selector(("app", "db"), ("tier", "back")) },
        { "absent label value", Selector(("app", "nope")) },
        { "In", Selector([], Expr.In("app", "web", "cache", "web")) },
        { "label and NotIn", Selector([("tier", "front")], Expr.NotIn("app", "web")) },
        { "two Ins", Selector([], Expr.In("app", "web", "db"), Expr.In("tier", "back")) },
        { "Exists only scans", Selector([], Expr.Exists("tier")) },
        { "DoesNotExist only scans", Selector([], Expr.DoesNotExist("tier")) },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void Candidates_RandomUpdates_ContainEveryMatchingBoundPod(string name, LabelSelector? selector)
    {
        var snapshot = RandomState(seed: name.Length).Current;

        foreach (var ns in Namespaces)
        {
            var found = snapshot.Pods.Bound.Candidates(ns, selector).Where(p => LabelSelectors.Matches(selector, p.Labels));

            var expected = AllBound(snapshot).Where(p => p.Namespace == ns && LabelSelectors.Matches(selector, p.Labels));
            Assert.Equal(Uids(expected), Uids(found));
        }
    }

    [Fact]
    public void Candidates_SelectorWithEquality_ReturnsOnlyTheSmallestPosting()
    {
        var state = new ClusterState();
        for (var i = 0; i < 20; i++)
        {
            state.UpsertPod(new PodBuilder($"p{i}").Label("tier", "back").Label("app", i < 3 ? "db" : "web").OnNode("n1").Build());
        }

        var candidates = state.Current.Pods.Bound.Candidates("default", Selector(("tier", "back"), ("app", "db")));

        Assert.Equal(["default/p0", "default/p1", "default/p2"], Uids(candidates));
    }

    [Fact]
    public void AntiAffinityCovering_RandomUpdates_ContainsEveryPodWhoseTermCoversTheNamespace()
    {
        var snapshot = RandomState(seed: 7).Current;

        foreach (var ns in Namespaces.Append("elsewhere"))
        {
            var found = Uids(snapshot.Pods.Bound.AntiAffinityCovering(ns));

            var withAntiAffinity = AllBound(snapshot).Where(p => p.RequiredPodAntiAffinity.Count > 0).ToList();
            var covering = withAntiAffinity.Where(p => p.RequiredPodAntiAffinity.Any(t => PodAffinityTerms.CoversNamespace(t, p.Namespace, ns, null)));
            Assert.Subset(Uids(withAntiAffinity).ToHashSet(), found.ToHashSet());
            Assert.Superset(Uids(covering).ToHashSet(), found.ToHashSet());
            Assert.Equal(found.Count > 0, snapshot.Pods.Bound.HasAntiAffinityCovering(ns));
        }
    }

    [Fact]
    public void Build_RandomUpdates_EqualsIncrementalIndex()
    {
        var incremental = RandomState(seed: 11).Current.Pods;

        var built = PodIndex.Build(incremental.ByUid.Values);

        Assert.Equal(Flatten(incremental.Bound.ByLabel), Flatten(built.Bound.ByLabel));
        Assert.Equal(Flatten(incremental.Bound.ByNamespace), Flatten(built.Bound.ByNamespace));
        Assert.Equal(Flatten(incremental.Bound.AntiAffinityByNamespace), Flatten(built.Bound.AntiAffinityByNamespace));
        Assert.Equal(Uids(incremental.Bound.AntiAffinityAcrossNamespaces.Values), Uids(built.Bound.AntiAffinityAcrossNamespaces.Values));
        Assert.Equal(incremental.ByNode.Keys.Order(StringComparer.Ordinal), built.ByNode.Keys.Order(StringComparer.Ordinal));
        Assert.All(incremental.ByNode, e => Assert.Equal(e.Value.Select(p => p.Uid), built.ByNode[e.Key].Select(p => p.Uid)));
        Assert.Equal(incremental.Pending.Select(p => p.Uid), built.Pending.Select(p => p.Uid));
    }

    // Upserts, moves, relabels, finishes and deletes over a small space so that every posting is emptied and refilled.
    private static ClusterState RandomState(int seed)
    {
        var random = new Random(seed);
        var state = new ClusterState();
        for (var step = 0; step < 3_000; step++)
        {
            var ns = Namespaces[random.Next(Namespaces.Length)];
            var name = $"p{random.Next(40)}";
            if (random.Next(8) == 0)
            {
                state.DeletePod($"{ns}/{name}");
                continue;
            }

            var builder = new PodBuilder(name).Namespace(ns).Label("app", Apps[random.Next(Apps.Length)]);
            builder = random.Next(3) == 0 ? builder : builder.Label("tier", Tiers[random.Next(Tiers.Length)]);
            builder = random.Next(6) switch
            {
                0 => builder,
                1 => builder.OnNode($"n{random.Next(5)}").Phase("Succeeded"),
                _ => builder.OnNode($"n{random.Next(5)}"),
            };
            builder = random.Next(5) switch
            {
                0 => builder.AntiAffinity("kubernetes.io/hostname", ("app", Apps[random.Next(Apps.Length)])),
                1 => builder.AntiAffinity(new PodAffinityTerm(Selector(("app", "web")), "kubernetes.io/hostname", [Namespaces[random.Next(Namespaces.Length)]], null)),
                2 => builder.AntiAffinity(new PodAffinityTerm(Selector(), "kubernetes.io/hostname", [], Selector())),
                _ => builder,
            };
            state.UpsertPod(builder.Build());
        }

        return state;
    }

    private static IEnumerable<Pod> AllBound(ClusterSnapshot snapshot) => snapshot.Pods.ByUid.Values.Where(PodIndex.HoldsNode);

    private static List<string> Uids(IEnumerable<Pod> pods) => [.. pods.Select(p => p.Uid).Order(StringComparer.Ordinal)];

    private static List<string> Flatten<TKey>(IEnumerable<KeyValuePair<TKey, System.Collections.Immutable.ImmutableDictionary<string, Pod>>> map) =>
        [.. map.SelectMany(e => e.Value.Keys.Select(uid => $"{e.Key}:{uid}")).Order(StringComparer.Ordinal)];

    private static LabelSelector Selector(params (string Key, string Value)[] labels) => Selector(labels, []);

    private static LabelSelector Selector((string Key, string Value)[] labels, params NodeSelectorRequirement[] expressions) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), expressions);
}
