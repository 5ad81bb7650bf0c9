using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.TestKit.Builders;

namespace Extender.Core.Tests.Cluster;

public sealed class NodeStateListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Constructor_AnyLength_IndexesAndEnumeratesInOrder(int count)
    {
        var states = States(count);

        var list = new NodeStateList(states);

        Assert.Equal(count, list.Count);
        Assert.Equal(states, list);
        Assert.All(Enumerable.Range(0, count), i => Assert.Same(states[i], list[i]));
    }

    [Fact]
    public void SetItems_SomePositions_ReplacesThemAndLeavesTheOriginalUntouched()
    {
        var states = States(200);
        var list = new NodeStateList(states);
        var replacement = State("new");

        var patched = list.SetItems([KeyValuePair.Create(3, replacement), KeyValuePair.Create(130, replacement)]);

        Assert.Same(replacement, patched[3]);
        Assert.Same(replacement, patched[130]);
        Assert.Equal(states, list);
        Assert.Equal(states.Select((s, i) => i is 3 or 130 ? replacement : s), patched);
    }

    private static NodeState[] States(int count) => [.. Enumerable.Range(0, count).Select(i => State($"n{i:D4}"))];

    private static NodeState State(string name) => new(new NodeBuilder(name).Build(), [], ResourceList.Empty);
}
