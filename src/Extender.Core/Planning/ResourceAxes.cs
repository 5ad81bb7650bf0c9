using Extender.Core.Resources;

namespace Extender.Core.Planning;

/// <summary>Resource names numbered densely so the planner's hot loops work on <c>long[]</c> vectors, not maps.</summary>
internal sealed class ResourceAxes
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public int Count => _names.Count;

    /// <summary>A copy that further names can be registered on without touching this one.</summary>
    public ResourceAxes Clone()
    {
        var copy = new ResourceAxes();
        foreach (var name in _names)
        {
            copy._index.Add(name, copy._names.Count);
            copy._names.Add(name);
        }

        return copy;
    }

    public void Register(ResourceList list)
    {
        foreach (var (name, _) in list)
        {
            if (!_index.ContainsKey(name))
            {
                _index.Add(name, _names.Count);
                _names.Add(name);
            }
        }
    }

    public long[] Vector(ResourceList list)
    {
        var vector = new long[_names.Count];
        foreach (var (name, milli) in list)
        {
            vector[_index[name]] = milli;
        }

        return vector;
    }

    /// <summary>
    /// What one node counts against NodePool limits: its capacity, and one on the <c>nodes</c> axis (Karpenter's
    /// limit on the number of nodes) when some NodePool limits it.
    /// </summary>
    public long[] LimitVector(ResourceList capacity)
    {
        var vector = Vector(capacity);
        if (_index.TryGetValue(NodeCount, out var nodes))
        {
            vector[nodes] = 1000;
        }

        return vector;
    }

    /// <summary>The NodePool limit on how many nodes it may have.</summary>
    public const string NodeCount = "nodes";

    public ResourceList ToList(long[] vector) =>
        ResourceList.From(_names.Select((name, i) => KeyValuePair.Create(name, vector[i])));

    public string Name(int axis) => _names[axis];

    public static bool Fits(long[] used, long[] demand, long[] capacity)
    {
        for (var i = 0; i < demand.Length; i++)
        {
            if (used[i] + demand[i] > capacity[i])
            {
                return false;
            }
        }

        return true;
    }

    public static void AddTo(long[] target, long[] delta, int sign)
    {
        for (var i = 0; i < delta.Length; i++)
        {
            target[i] += sign * delta[i];
        }
    }
}
