using System.Globalization;

namespace Extender.Sandbox.Scheduling;

/// <summary>kube-scheduler's <c>FitError.Error()</c> text, without a PostFilter part (preemption is not simulated).</summary>
internal static class FitErrorMessage
{
    /// <summary>Upstream's <c>ErrNoNodesAvailable</c>, used when the cluster has no node at all.</summary>
    public const string NoNodesAvailable = "no nodes available to schedule pods";

    /// <summary>
    /// <c>0/N nodes are available: &lt;histogram&gt;.</c>, where the histogram counts each reason over the node statuses
    /// as <c>"&lt;count&gt; &lt;reason&gt;"</c>, sorted as strings and joined by <c>", "</c>.
    /// </summary>
    public static string Build(int totalNodes, IEnumerable<string> reasons)
    {
        var histogram = reasons
            .GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var message = string.Create(CultureInfo.InvariantCulture, $"0/{totalNodes} nodes are available:");
        return histogram.Count == 0 ? message : message + " " + string.Join(", ", histogram) + ".";
    }
}
