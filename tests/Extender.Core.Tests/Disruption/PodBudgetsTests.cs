using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Disruption;

/// <summary>
/// Which pods a PodDisruptionBudget holds when a graceful disruption picks candidates: the cases of Karpenter's
/// <c>pdb.Limits</c> (zero disruptions allowed, several budgets on one pod, pods the drain would not evict, selectors).
/// </summary>
public sealed class PodBudgetsTests
{
    private static readonly LabelSelector Web = new(new Dictionary<string, string> { ["app"] = "web" }, []);
    private static readonly LabelSelector Everything = new(new Dictionary<string, string>(), []);

    private static Pod WebPod(string phase = "Running", string? owner = "ReplicaSet", bool terminating = false, string ns = "default") =>
        new PodBuilder("web-1").Namespace(ns).Label("app", "web").OnNode("node-a").Phase(phase).OwnedBy(owner!).Build() with { Terminating = terminating };

    public static TheoryData<string, PodBudget[], Pod, string?> Cases => new()
    {
        { "no budget", [], WebPod(), null },
        { "budget allows one", [new("default", "web", Web, 1)], WebPod(), null },
        { "budget allows none", [new("default", "web", Web, 0)], WebPod(), "PodDisruptionBudget default/web allows no disruption of pod default/web-1" },
        { "budget in another namespace", [new("other", "web", Web, 0)], WebPod(), null },
        { "selector does not match", [new("default", "db", new(new Dictionary<string, string> { ["app"] = "db" }, []), 0)], WebPod(), null },
        { "empty selector selects the namespace", [new("default", "all", Everything, 0)], WebPod(), "PodDisruptionBudget default/all allows no disruption of pod default/web-1" },
        { "null selector selects nothing", [new("default", "none", null, 0)], WebPod(), null },
        { "two budgets, both allowing", [new("default", "a", Web, 1), new("default", "b", Everything, 5)], WebPod(), "pod default/web-1 is selected by 2 PodDisruptionBudgets (a, b), which the Eviction API refuses" },
        { "finished pod", [new("default", "web", Web, 0)], WebPod(phase: "Succeeded"), null },
        { "terminating pod", [new("default", "web", Web, 0)], WebPod(terminating: true), null },
        { "static pod", [new("default", "web", Web, 0)], WebPod(owner: "Node"), null },
        { "DaemonSet pod (the drain evicts it too)", [new("default", "web", Web, 0)], WebPod(owner: "DaemonSet"), "PodDisruptionBudget default/web allows no disruption of pod default/web-1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blocks_Case_AsKarpentersLimits(string scenario, PodBudget[] budgets, Pod pod, string? expected) =>
        Assert.True(expected == new PodBudgets(budgets).Blocks(pod), $"{scenario}: {new PodBudgets(budgets).Blocks(pod)}");
}
