using Extender.Core.Resources;
using Extender.Demo.Phases;

namespace Extender.Tests.Demo;

/// <summary>How many of a node's buffer slots other pods must have used, judged from what they asked for.</summary>
public sealed class HeadroomPhaseTests
{
    private static readonly ResourceList Slot = ResourceList.Of(("cpu", 1500), ("memory", 1L << 40));

    public static TheoryData<string, long, long, long, long, int, int> Cases => new()
    {
        // name, spare cpu (milli), spare memory, others' cpu, others' memory, slots, taken
        { "nothing bound", 400, 1L << 40, 0, 0, 2, 0 },
        { "fits beside the slots", 400, 1L << 40, 400, 1L << 40, 2, 0 },
        { "one milli-cpu over", 400, 1L << 40, 401, 0, 2, 1 },
        { "memory over, cpu fits", 400, 0, 100, 1, 2, 1 },
        { "into the second slot", 400, 1L << 40, 2000, 0, 3, 2 },
        { "more than every slot", 0, 0, 9000, 0, 2, 2 },
        { "no spare at all, one pod", 0, 0, 1500, 1L << 40, 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SlotsTaken_CountsTheSlotsOthersNeeded(string name, long spareCpu, long spareMemory, long otherCpu, long otherMemory, int slots, int expected)
    {
        var taken = HeadroomPhase.SlotsTaken(
            ResourceList.Of(("cpu", spareCpu), ("memory", spareMemory)),
            ResourceList.Of(("cpu", otherCpu), ("memory", otherMemory)),
            [.. Enumerable.Repeat(Slot, slots)]);

        Assert.True(expected == taken, $"{name}: {taken} slots taken, expected {expected}");
    }
}
