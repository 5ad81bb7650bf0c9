using Extender.Core.Cluster;
using Extender.Core.Scheduling;

namespace Extender.Core.Tests.Scheduling;

public sealed class TolerationsTests
{
    [Theory]
    [InlineData("dedicated", "Equal", "gpu", "NoSchedule", "dedicated", "gpu", "NoSchedule", true)]
    [InlineData("dedicated", "", "gpu", "NoSchedule", "dedicated", "gpu", "NoSchedule", true)]
    [InlineData("dedicated", "Equal", "cpu", "NoSchedule", "dedicated", "gpu", "NoSchedule", false)]
    [InlineData("dedicated", "Exists", "", "NoSchedule", "dedicated", "anything", "NoSchedule", true)]
    [InlineData("dedicated", "Exists", "", "", "dedicated", "gpu", "NoExecute", true)]
    [InlineData("dedicated", "Equal", "gpu", "NoExecute", "dedicated", "gpu", "NoSchedule", false)]
    [InlineData("other", "Exists", "", "", "dedicated", "gpu", "NoSchedule", false)]
    [InlineData("", "Exists", "", "", "dedicated", "gpu", "NoSchedule", true)]
    [InlineData("", "Exists", "", "NoExecute", "dedicated", "gpu", "NoSchedule", false)]
    [InlineData("dedicated", "Gt", "1", "", "dedicated", "2", "NoSchedule", false)]
    public void Tolerates_TolerationAgainstTaint_MatchesUpstream(
        string key, string op, string value, string effect, string taintKey, string taintValue, string taintEffect, bool expected) =>
        Assert.Equal(expected, Tolerations.Tolerates(new Toleration(key, op, value, effect), new Taint(taintKey, taintValue, taintEffect)));

    [Fact]
    public void FirstUntolerated_PreferNoScheduleAndToleratedTaints_ReturnsFirstRemainingInNodeOrder()
    {
        Taint[] taints = [new("soft", "x", "PreferNoSchedule"), new("a", "1", "NoSchedule"), new("b", "2", "NoExecute"), new("c", "3", "NoSchedule")];

        var untolerated = Tolerations.FirstUntolerated(taints, [new Toleration("a", "Exists", "", "")]);

        Assert.Equal(new Taint("b", "2", "NoExecute"), untolerated);
    }

    [Fact]
    public void FirstUntolerated_AllTolerated_ReturnsNull() =>
        Assert.Null(Tolerations.FirstUntolerated([new Taint("a", "1", "NoSchedule")], [new Toleration("", "Exists", "", "")]));
}
