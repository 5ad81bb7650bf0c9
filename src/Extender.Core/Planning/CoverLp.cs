namespace Extender.Core.Planning;

/// <summary>
/// The covering LP of the pattern repack: buy node patterns (fractionally) so that every group's pods are covered,
/// at the least price. A revised simplex with an explicit basis inverse: there is one row per group, so the basis
/// stays tiny while columns are added. Bland's rule keeps it from cycling; the first column of each group, holding
/// only that group, makes the starting basis feasible.
/// </summary>
internal sealed class CoverLp
{
    private const double Epsilon = 1e-9;

    private readonly int _rows;
    private readonly List<(int[] Content, double Price)> _columns = [];
    private readonly int[] _basis;
    private readonly double[,] _inverse;
    private readonly double[] _values;

    /// <summary>Starts from <paramref name="singles"/>: for each group, a column with only that group's pods.</summary>
    public CoverLp(int[] demand, IReadOnlyList<(int Count, double Price)> singles)
    {
        _rows = demand.Length;
        _basis = new int[_rows];
        _inverse = new double[_rows, _rows];
        _values = new double[_rows];
        for (var g = 0; g < _rows; g++)
        {
            var content = new int[_rows];
            content[g] = singles[g].Count;
            _columns.Add((content, singles[g].Price));
            _basis[g] = g;
            _inverse[g, g] = 1.0 / singles[g].Count;
            _values[g] = (double)demand[g] / singles[g].Count;
        }
    }

    public IReadOnlyList<(int[] Content, double Price)> Columns => _columns;

    public void Add(int[] content, double price) => _columns.Add((content, price));

    /// <summary>Optimizes over the columns so far; returns each group's dual price (what covering one more pod would cost).</summary>
    public double[] Solve(int maxPivots)
    {
        for (var pivot = 0; pivot < maxPivots; pivot++)
        {
            var duals = Duals();
            var entering = Entering(duals);
            if (entering == int.MinValue)
            {
                return duals;
            }

            var direction = Direction(entering);
            var leaving = Leaving(direction);
            if (leaving < 0)
            {
                return duals;
            }

            Pivot(entering, leaving, direction);
        }

        return Duals();
    }

    /// <summary>How much of each column the current basis buys.</summary>
    public double[] Amounts()
    {
        var amounts = new double[_columns.Count];
        for (var i = 0; i < _rows; i++)
        {
            if (_basis[i] >= 0)
            {
                amounts[_basis[i]] = Math.Max(0, _values[i]);
            }
        }

        return amounts;
    }

    private double[] Duals()
    {
        var duals = new double[_rows];
        for (var i = 0; i < _rows; i++)
        {
            var cost = _basis[i] >= 0 ? _columns[_basis[i]].Price : 0;
            for (var g = 0; g < _rows; g++)
            {
                duals[g] += cost * _inverse[i, g];
            }
        }

        return duals;
    }

    /// <summary>Bland's rule: the first column (patterns, then surpluses encoded as -1 - row) that lowers the cost.</summary>
    private int Entering(double[] duals)
    {
        for (var j = 0; j < _columns.Count; j++)
        {
            var (content, price) = _columns[j];
            var reduced = price;
            for (var g = 0; g < _rows; g++)
            {
                reduced -= content[g] * duals[g];
            }

            if (reduced < -Epsilon * Math.Max(1, price))
            {
                return j;
            }
        }

        for (var g = 0; g < _rows; g++)
        {
            if (duals[g] < -Epsilon)
            {
                return -1 - g;
            }
        }

        return int.MinValue;
    }

    private double[] Direction(int column)
    {
        var direction = new double[_rows];
        for (var i = 0; i < _rows; i++)
        {
            if (column >= 0)
            {
                var content = _columns[column].Content;
                for (var g = 0; g < _rows; g++)
                {
                    direction[i] += _inverse[i, g] * content[g];
                }
            }
            else
            {
                direction[i] = -_inverse[i, -1 - column];
            }
        }

        return direction;
    }

    private int Leaving(double[] direction)
    {
        var leaving = -1;
        var best = double.MaxValue;
        for (var i = 0; i < _rows; i++)
        {
            if (direction[i] > Epsilon)
            {
                var ratio = _values[i] / direction[i];
                if (ratio < best - Epsilon || (ratio < best + Epsilon && leaving >= 0 && Rank(_basis[i]) < Rank(_basis[leaving])))
                {
                    (leaving, best) = (i, ratio);
                }
            }
        }

        return leaving;
    }

    /// <summary>The order Bland's rule needs, the same for entering and leaving: patterns, then surpluses.</summary>
    private static long Rank(int column) => column >= 0 ? column : int.MaxValue + (long)(-1 - column);

    private void Pivot(int entering, int row, double[] direction)
    {
        var step = _values[row] / direction[row];
        for (var i = 0; i < _rows; i++)
        {
            _values[i] -= step * direction[i];
        }

        _values[row] = step;
        var pivot = direction[row];
        for (var g = 0; g < _rows; g++)
        {
            _inverse[row, g] /= pivot;
        }

        for (var i = 0; i < _rows; i++)
        {
            if (i != row && direction[i] != 0)
            {
                for (var g = 0; g < _rows; g++)
                {
                    _inverse[i, g] -= direction[i] * _inverse[row, g];
                }
            }
        }

        _basis[row] = entering;
    }
}
