using Extender.Core.Cluster;
using Extender.Provisioning.Detection;
using Extender.TestKit.Builders;

namespace Extender.Tests.Provisioning;

public sealed class PendingPodFilterTests
{
    public static TheoryData<string, Pod, string[], bool> Cases => new()
    {
        { "unschedulable", new PodBuilder("a").MarkedUnschedulable().Build(), [], true },
        { "not marked", new PodBuilder("a").Build(), [], false },
        { "bound", new PodBuilder("a").MarkedUnschedulable().OnNode("n1").Build(), [], false },
        { "daemonset", new PodBuilder("a").MarkedUnschedulable().OwnedBy("DaemonSet").Build(), [], false },
        { "terminating", new PodBuilder("a").MarkedUnschedulable().Terminating().Build(), [], false },
        { "scheduling gated", new PodBuilder("a").MarkedUnschedulable().Build() with { SchedulingGated = true }, [], false },
        { "finished", new PodBuilder("a").MarkedUnschedulable().Phase("Failed").Build(), [], false },
        { "scheduler listed", new PodBuilder("a").MarkedUnschedulable().SchedulerName("batch").Build(), ["batch"], true },
        { "scheduler not listed", new PodBuilder("a").MarkedUnschedulable().Build(), ["batch"], false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsCandidate_PodState_MatchesWatchRules(string scenario, Pod pod, string[] schedulers, bool expected)
    {
        Assert.True(expected == PendingPodFilter.IsCandidate(pod, schedulers), scenario);
    }

    public static TheoryData<string, Pod, string[], bool> NewCases => new()
    {
        { "pending, not tried", new PodBuilder("a").Build(), [], true },
        { "marked unschedulable", new PodBuilder("a").MarkedUnschedulable().Build(), [], false },
        { "bound", new PodBuilder("a").OnNode("n1").Build(), [], false },
        { "daemonset", new PodBuilder("a").OwnedBy("DaemonSet").Build(), [], false },
        { "scheduling gated", new PodBuilder("a").Build() with { SchedulingGated = true }, [], false },
        { "scheduler not listed", new PodBuilder("a").Build(), ["batch"], false },
    };

    [Theory]
    [MemberData(nameof(NewCases))]
    public void IsNew_PodState_MatchesCreationRules(string scenario, Pod pod, string[] schedulers, bool expected)
    {
        Assert.True(expected == PendingPodFilter.IsNew(pod, schedulers), scenario);
    }
}
