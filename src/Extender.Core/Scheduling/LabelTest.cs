using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>
/// A yes/no question about one label key, answered once for every distinct value of a <see cref="LabelColumn"/> so
/// that asking it of a node is two array reads.
/// </summary>
internal readonly struct LabelTest
{
    private readonly int[] _valueIds;
    private readonly bool[] _passes;

    private LabelTest(LabelColumn column, bool[] passes)
    {
        _valueIds = column.ValueIds;
        _passes = passes;
    }

    public bool Passes(int node) => _passes[_valueIds[node]];

    /// <summary>The requirement as <see cref="SelectorRequirements.Matches(NodeSelectorRequirement, string?, bool)"/> decides it.</summary>
    public static LabelTest Requirement(LabelColumn column, NodeSelectorRequirement requirement, bool allowNumeric)
    {
        // In and NotIn are decided from their listed values, so a key with a value per node (the hostname) costs
        // nothing more; the other operators look at every distinct value.
        if (requirement.Operator is "In" or "NotIn")
        {
            var notIn = requirement.Operator == "NotIn";
            var passes = Fill(column, notIn);
            foreach (var value in requirement.Values)
            {
                Mark(column, passes, value, !notIn);
            }

            return new LabelTest(column, passes);
        }

        var decided = new bool[column.DistinctCount];
        for (var id = 0; id < decided.Length; id++)
        {
            decided[id] = SelectorRequirements.Matches(requirement, column.ValueOf(id), allowNumeric);
        }

        return new LabelTest(column, decided);
    }

    /// <summary>The node's value for the key is <paramref name="value"/>.</summary>
    public static LabelTest EqualTo(LabelColumn column, string value)
    {
        var passes = Fill(column, false);
        Mark(column, passes, value, true);
        return new LabelTest(column, passes);
    }

    /// <summary>The node has the key, with a value among <paramref name="values"/> when they are given.</summary>
    public static LabelTest OneOf(LabelColumn column, IEnumerable<string>? values)
    {
        if (values is null)
        {
            var present = Fill(column, true);
            present[0] = false;
            return new LabelTest(column, present);
        }

        var passes = Fill(column, false);
        foreach (var value in values)
        {
            Mark(column, passes, value, true);
        }

        return new LabelTest(column, passes);
    }

    /// <summary>The node has the key, with the value one of the snapshot nodes at <paramref name="nodes"/> has.</summary>
    public static LabelTest SameValueAs(LabelColumn column, IReadOnlyList<int>? nodes)
    {
        var passes = new bool[column.DistinctCount];
        for (var i = 0; i < (nodes?.Count ?? 0); i++)
        {
            passes[column.ValueIds[nodes![i]]] = true;
        }

        // Nodes without the key lie in no domain of it.
        passes[0] = false;
        return new LabelTest(column, passes);
    }

    private static bool[] Fill(LabelColumn column, bool value)
    {
        var passes = new bool[column.DistinctCount];
        Array.Fill(passes, value);
        return passes;
    }

    private static void Mark(LabelColumn column, bool[] passes, string value, bool verdict)
    {
        var id = column.IdOf(value);
        if (id > 0)
        {
            passes[id] = verdict;
        }
    }
}
