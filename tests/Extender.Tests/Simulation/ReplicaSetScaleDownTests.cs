using Extender.Simulation;
using Member = Extender.Simulation.ReplicaSetScaleDown.Member;

namespace Extender.Tests.Simulation;

/// <summary>
/// The ReplicaSet controller's deletion order, case by case as upstream's <c>TestSortingActivePodsWithRanks</c>
/// (<c>controller_utils_test.go</c>) exercises it (cases written here, one rule each): in every case
/// the first pod is the one deleted first, whichever order they are listed in.
/// </summary>
public sealed class ReplicaSetScaleDownTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    private static Member Ready(string uid, string node, double readySecondsAgo, double createdSecondsAgo = 3600, int cost = 0) =>
        new(uid, node, true, Now.AddSeconds(-readySecondsAgo), Now.AddSeconds(-createdSecondsAgo), cost);

    private static readonly Dictionary<string, Member[]> Cases = new()
    {
        { "unassigned before assigned", [new("a", null, false, null, Now.AddHours(-2)), new("b", "n1", false, null, Now.AddHours(-1))] },
        { "pending before running", [new("a", "n1", false, null, Now.AddHours(-2)), new("b", "n2", true, null, Now.AddHours(-1))] },
        { "not ready before ready", [new("a", "n1", true, null, Now.AddHours(-2)), Ready("b", "n2", 60, 60)] },
        { "lower deletion cost before a newer pod", [Ready("a", "n1", 7200, 7200, cost: -5), Ready("b", "n2", 10, 10)] },
        { "lower deletion cost before a doubled-up pod", [Ready("z", "n1", 600, cost: 1), Ready("a", "n2", 600, cost: 2), Ready("b", "n2", 600, cost: 2)] },
        { "doubled up before alone, even when older", [Ready("a", "n2", 7200), Ready("c", "n2", 7200), Ready("b", "n1", 60)] },
        { "shorter ready first across log2 buckets", [Ready("b", "n1", 60), Ready("a", "n2", 90)] },
        { "same ready bucket: lower UID first, even when ready longer", [Ready("a", "n1", 60), Ready("b", "n2", 40)] },
        { "ready at the same time: the younger first", [Ready("b", "n1", 60, createdSecondsAgo: 60), Ready("a", "n2", 60, createdSecondsAgo: 3600)] },
        { "ready at the same time, created in the same bucket: lower UID first", [Ready("a", "n1", 60, createdSecondsAgo: 80), Ready("b", "n2", 60, createdSecondsAgo: 70)] },
    };

    public static TheoryData<string> Rules => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Victims_DeletesTheFirstOfEachCaseFirst(string rule)
    {
        var members = Cases[rule];
        Assert.Equal(members[0].Uid, ReplicaSetScaleDown.Victims(members, 1, Now).Single());
        Assert.True(members[0].Uid == ReplicaSetScaleDown.Victims([.. members.Reverse()], 1, Now).Single(), rule);
    }

    [Fact]
    public void Victims_TakesCountInRankOrder()
    {
        Member[] members = [Ready("old", "n1", 7200), new("pending", null, false, null, Now), Ready("new", "n2", 30, 30), Ready("cheap", "n3", 7200, cost: -1)];

        Assert.Equal(["pending", "cheap", "new"], ReplicaSetScaleDown.Victims(members, 3, Now));
    }
}
