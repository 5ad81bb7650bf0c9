namespace Extender.Core.Consolidation;

/// <summary>
/// Karpenter's <c>Balanced</c> consolidation score: (savings / pool cost) / (disruption / pool disruption), approved
/// at 1/k or more with k = 2. No savings scores 0; no disruption scores infinity; a pool with no cost or no
/// disruption approves nothing.
/// </summary>
public static class BalancedScore
{
    public const int K = 2;

    public static double Score(double savings, double disruption, double poolCost, double poolDisruption)
    {
        if (poolCost <= 0 || poolDisruption <= 0 || savings <= 0)
        {
            return 0;
        }

        var disruptionFraction = disruption / poolDisruption;
        return disruptionFraction == 0 ? double.PositiveInfinity : (savings / poolCost) / disruptionFraction;
    }

    public static bool Approved(double savings, double disruption, double poolCost, double poolDisruption) =>
        Score(savings, disruption, poolCost, poolDisruption) >= 1.0 / K;
}
