using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>Taint toleration as kube-scheduler's TaintToleration filter decides it (PreferNoSchedule never blocks).</summary>
internal static class Tolerations
{
    public static Taint? FirstUntolerated(IReadOnlyList<Toleration> tolerations, IReadOnlyList<Taint> taints)
    {
        foreach (var taint in taints)
        {
            if (taint.Effect != "PreferNoSchedule" && !Tolerates(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }

    private static bool Tolerates(IReadOnlyList<Toleration> tolerations, Taint taint)
    {
        foreach (var t in tolerations)
        {
            var effectMatches = string.IsNullOrEmpty(t.Effect) || t.Effect == taint.Effect;
            var keyMatches = string.IsNullOrEmpty(t.Key) ? t.Operator == "Exists" : t.Key == taint.Key;
            var valueMatches = t.Operator == "Exists" || t.Value == taint.Value;
            if (effectMatches && keyMatches && valueMatches)
            {
                return true;
            }
        }

        return false;
    }
}
