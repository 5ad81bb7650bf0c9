using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Disruption;

public sealed class DrainTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Pod Web(string name) => new PodBuilder(name).OnNode("n1").Phase("Running").OwnedBy("ReplicaSet").Build();

    private static Pod Daemon(string name) => new PodBuilder(name).OnNode("n1").Phase("Running").OwnedBy("DaemonSet").Build();

    private static Pod Critical(string name) => new PodBuilder(name).OnNode("n1").Phase("Running").PriorityClass("system-cluster-critical").Build();

    private static Pod CriticalDaemon(string name) => new PodBuilder(name).OnNode("n1").Phase("Running").OwnedBy("DaemonSet").PriorityClass("system-node-critical").Build();

    [Theory]
    [InlineData("web,ds,crit,critds", "web")]
    [InlineData("ds,crit,critds", "ds")]
    [InlineData("crit,critds", "crit")]
    [InlineData("critds", "critds")]
    public void Next_Waves_EvictsOnlyTheFirstNonEmptyWaveInKarpentersOrder(string present, string expected)
    {
        var all = new Dictionary<string, Pod>
        {
            ["web"] = Web("web"),
            ["ds"] = Daemon("ds"),
            ["crit"] = Critical("crit"),
            ["critds"] = CriticalDaemon("critds"),
        };
        var pods = present.Split(',').Select(k => all[k]).ToList();

        var step = Drain.Next(pods, Now, deadline: null);

        Assert.Equal([expected], step.Evict.Select(p => p.Name));
        Assert.Equal(pods.Count, step.Remaining);
        Assert.Empty(step.Delete);
    }

    [Fact]
    public void Next_WaveStillTerminating_WaitsWithoutStartingTheNext()
    {
        var pods = new[] { new PodBuilder("web").OnNode("n1").Phase("Running").Terminating().Build(), Daemon("ds") };

        var step = Drain.Next(pods, Now, deadline: null);

        Assert.Empty(step.Evict);
        Assert.Equal(2, step.Remaining);
        Assert.False(step.Drained);
    }

    [Fact]
    public void Next_StaticFinishedAndToleratingPods_AreNotDrained()
    {
        var pods = new[]
        {
            new PodBuilder("mirror").OnNode("n1").Phase("Running").OwnedBy("Node").Build(),
            new PodBuilder("done").OnNode("n1").Phase("Succeeded").OwnedBy("Job").Build(),
            new PodBuilder("stays").OnNode("n1").Phase("Running").TolerationExists(DisruptionTaint.Taint.Key).Build(),
            new PodBuilder("tolerates-all").OnNode("n1").Phase("Running").TolerationExists("").Build(),
        };

        var step = Drain.Next(pods, Now, deadline: null);

        Assert.True(step.Drained);
        Assert.Empty(step.Evict);
    }

    [Fact]
    public void Next_DeadlineWithinAPodsGrace_DeletesThatPodAndEvictsTheRest()
    {
        var slow = new PodBuilder("slow").OnNode("n1").Phase("Running").Grace(TimeSpan.FromMinutes(5)).Build();
        var quick = new PodBuilder("quick").OnNode("n1").Phase("Running").Grace(TimeSpan.FromSeconds(30)).Build();
        var lateDaemon = new PodBuilder("agent").OnNode("n1").Phase("Running").OwnedBy("DaemonSet").Grace(TimeSpan.FromMinutes(10)).Build();

        var step = Drain.Next([slow, quick, lateDaemon], Now, deadline: Now.AddMinutes(5));

        Assert.Equal(["agent", "slow"], step.Delete.Select(p => p.Name));
        Assert.Equal(["quick"], step.Evict.Select(p => p.Name));
        Assert.Equal(3, step.Remaining);
    }

    [Fact]
    public void Next_DoNotDisruptPod_IsHeldNotEvictedUntilTheDeadlineDeletesIt()
    {
        var kept = new PodBuilder("kept").OnNode("n1").Phase("Running").DoNotDisrupt("true").Build();
        var expiring = new PodBuilder("brief").OnNode("n1").Phase("Running").CreatedAt(Now.AddMinutes(-10)).DoNotDisrupt("5m").Build();

        var before = Drain.Next([kept, expiring], Now, deadline: Now.AddMinutes(5));
        var atDeadline = Drain.Next([kept, expiring], Now.AddMinutes(4.6), deadline: Now.AddMinutes(5));

        Assert.Equal(["brief"], before.Evict.Select(p => p.Name));
        Assert.Equal(["kept"], before.Held.Select(p => p.Name));
        Assert.Equal(["brief", "kept"], atDeadline.Delete.Select(p => p.Name));
    }
}
