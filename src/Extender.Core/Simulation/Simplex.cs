namespace Extender.Core.Simulation;

/// <summary>
/// The simplex method for max c·x subject to A x ≤ b, x ≥ 0 with b ≥ 0 (so the origin is a feasible start and no
/// first phase is needed), on a condensed tableau: a pivot costs O(rows × variables), which suits the small problems
/// of <see cref="CostBound"/> (a handful of variables, up to a few hundred rows). Bland's rule cannot cycle.
/// </summary>
internal static class Simplex
{
    private const double Epsilon = 1e-9;

    /// <returns>The optimum and a solution reaching it; null when the problem is unbounded.</returns>
    public static (double Value, double[] X)? Maximise(double[] c, IReadOnlyList<double[]> rows, IReadOnlyList<double> b)
    {
        var n = rows.Count;
        var m = c.Length;

        // Rows 0..n-1: one per constraint (its slack basic at the start); row n: the objective. Columns 0..m-1: the
        // non-basic variables; column m: the right-hand side. Variables 0..m-1 are x, m.. the slacks.
        var t = new double[n + 1, m + 1];
        var rowVar = new int[n];
        var colVar = new int[m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                t[i, j] = rows[i][j];
            }

            t[i, m] = b[i];
            rowVar[i] = m + i;
        }

        for (var j = 0; j < m; j++)
        {
            t[n, j] = -c[j];
            colVar[j] = j;
        }

        while (Entering(t, n, m, colVar) is var col && col >= 0)
        {
            var row = Leaving(t, n, m, col, rowVar);
            if (row < 0)
            {
                return null;
            }

            Pivot(t, n, m, row, col);
            (rowVar[row], colVar[col]) = (colVar[col], rowVar[row]);
        }

        var x = new double[m];
        for (var i = 0; i < n; i++)
        {
            if (rowVar[i] < m)
            {
                x[rowVar[i]] = t[i, m];
            }
        }

        return (t[n, m], x);
    }

    private static int Entering(double[,] t, int n, int m, int[] colVar)
    {
        var best = -1;
        for (var j = 0; j < m; j++)
        {
            if (t[n, j] < -Epsilon && (best < 0 || colVar[j] < colVar[best]))
            {
                best = j;
            }
        }

        return best;
    }

    private static int Leaving(double[,] t, int n, int m, int col, int[] rowVar)
    {
        var best = -1;
        var bestRatio = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            if (t[i, col] <= Epsilon)
            {
                continue;
            }

            var ratio = t[i, m] / t[i, col];
            if (ratio < bestRatio - Epsilon || (best >= 0 && ratio <= bestRatio + Epsilon && rowVar[i] < rowVar[best]))
            {
                best = i;
                bestRatio = Math.Min(ratio, bestRatio);
            }
        }

        return best;
    }

    private static void Pivot(double[,] t, int n, int m, int row, int col)
    {
        var p = t[row, col];
        for (var i = 0; i <= n; i++)
        {
            if (i == row || t[i, col] == 0)
            {
                continue;
            }

            var factor = t[i, col] / p;
            for (var k = 0; k <= m; k++)
            {
                if (k != col)
                {
                    t[i, k] -= factor * t[row, k];
                }
            }

            t[i, col] = -factor;
        }

        for (var k = 0; k <= m; k++)
        {
            if (k != col)
            {
                t[row, k] /= p;
            }
        }

        t[row, col] = 1 / p;
    }
}
