using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>Toleration matching as upstream's <c>v1.Toleration.ToleratesTaint</c>.</summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";
    public const string PreferNoSchedule = "PreferNoSchedule";

    /// <summary>The taint a cordoned node is treated as having (NodeUnschedulable plugin).</summary>
    public static Taint Unschedulable { get; } = new("node.kubernetes.io/unschedulable", "", NoSchedule);

    public static bool Tolerates(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        for (var i = 0; i < tolerations.Count; i++)
        {
            if (Tolerates(tolerations[i], taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An empty effect matches every effect; an empty key (valid only with Exists) matches every key; Equal (or an
    /// empty operator) compares values; Exists ignores them.
    /// </summary>
    public static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (toleration.Effect.Length > 0 && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (toleration.Key.Length > 0 && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.Operator switch
        {
            "Exists" => true,
            "" or "Equal" => toleration.Value == taint.Value,
            _ => false,
        };
    }

    /// <summary>
    /// The first NoSchedule or NoExecute taint (in node order) that <paramref name="tolerations"/> do not tolerate,
    /// or null. PreferNoSchedule only affects scoring, as in the TaintToleration filter, unless
    /// <paramref name="preferNoSchedule"/> asks for it too (Karpenter's check for a new node, before relaxation).
    /// </summary>
    public static Taint? FirstUntolerated(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration> tolerations, bool preferNoSchedule = false)
    {
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if ((taint.Effect is NoSchedule or NoExecute || (preferNoSchedule && taint.Effect == PreferNoSchedule)) && !Tolerates(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }
}
