namespace Extender.Core.Simulation;

/// <summary>
/// The bounded integer knapsack over several resources that prices <see cref="CostBound"/>'s columns: the most a node
/// can be worth, holding whole pods, at given pod prices. Solved exactly by depth-first branch and bound; the bound at
/// each branch is the smallest, over the resources, of the fractional one-resource knapsack on what is left (each
/// is a relaxation, so each is an upper bound). The LP relaxation alone, which this replaces, let a node hold 0.96
/// of a pod and put <see cref="CostBound"/> 15–20% under the true configuration LP on the diurnal day.
/// </summary>
internal static class Knapsack
{
    /// <summary>Past this many branches the search stops and the caller's upper bound stands (still a valid bound, only weaker).</summary>
    public const int MaxBranches = 20_000;

    private const double Fit = 1e-12;

    /// <param name="capacity">What the node holds on each resource.</param>
    /// <param name="demands">Each size's request on each resource.</param>
    /// <param name="values">Each size's price; sizes worth nothing are never packed.</param>
    /// <param name="limits">The most of each size a node may hold.</param>
    /// <param name="start">A feasible content to start from (the incumbent).</param>
    /// <param name="upperBound">A valid upper bound on the optimum (the LP relaxation's), returned when the search is cut short.</param>
    /// <param name="enough">
    /// A value the caller needs beaten: contents worth no more are not searched for, so when none beats it the search
    /// ends early and returns it as the bound (proven: no content is worth more).
    /// </param>
    /// <returns>
    /// <c>Bound</c>: an upper bound on the optimum (the optimum itself when it beats <paramref name="enough"/> and the
    /// search completed); <c>Content</c> and <c>Value</c>: the best whole-pod content found and its value.
    /// </returns>
    public static (double Bound, double[] Content, double Value) Best(double[] capacity, double[][] demands, double[] values, double[] limits, double[] start, double upperBound, double enough)
    {
        var search = new Search(capacity, demands, values, limits, start, enough);
        var complete = search.Run(upperBound);
        return (complete ? search.Incumbent : Math.Max(upperBound, search.Incumbent), search.BestContent, search.BestValue);
    }

    private sealed class Search
    {
        private readonly double[][] _demands;
        private readonly double[] _values;
        private readonly double[] _limits;
        private readonly int[] _order;
        private readonly int[] _position;
        private readonly int[][] _byAxis;
        private readonly double[] _content;
        private readonly double[] _left;
        private int _branches;

        public Search(double[] capacity, double[][] demands, double[] values, double[] limits, double[] start, double enough)
        {
            _demands = demands;
            _values = values;
            _limits = [.. limits.Select((l, i) => values[i] > 0 ? l : 0)];
            var g = values.Length;

            // Densest first (value over the largest share of the node a pod takes), so good contents come early.
            _order = [.. Enumerable.Range(0, g).Where(i => _limits[i] > 0).OrderByDescending(i => values[i] / Math.Max(Fit, Share(demands[i], capacity))).ThenBy(i => i)];
            _position = new int[g];
            Array.Fill(_position, int.MaxValue);
            for (var p = 0; p < _order.Length; p++)
            {
                _position[_order[p]] = p;
            }

            _byAxis = [.. capacity.Select((_, r) => _order.Where(i => demands[i][r] > 0).OrderByDescending(i => values[i] / demands[i][r]).ThenBy(i => i).ToArray())];
            _content = new double[g];
            _left = [.. capacity];
            BestContent = [.. start];
            BestValue = start.Select((k, i) => k * values[i]).Sum();
            Incumbent = Math.Max(BestValue, enough);
        }

        public double[] BestContent { get; private set; }

        public double BestValue { get; private set; }

        /// <summary>What a branch must beat: the best content's value, or what the caller needs beaten if more.</summary>
        public double Incumbent { get; private set; }

        public bool Run(double upperBound) => upperBound <= Incumbent || Branch(0, 0, upperBound);

        /// <returns>False when the branch budget ran out.</returns>
        private bool Branch(int depth, double value, double bound)
        {
            if (++_branches > MaxBranches)
            {
                return false;
            }

            if (value > Incumbent)
            {
                (BestValue, Incumbent) = (value, value);
                BestContent = [.. _content];
            }

            if (depth == _order.Length || Math.Min(bound, value + Relaxed(depth)) <= Incumbent)
            {
                return true;
            }

            var item = _order[depth];
            var demand = _demands[item];
            var most = _limits[item];
            for (var r = 0; r < demand.Length; r++)
            {
                if (demand[r] > 0)
                {
                    most = Math.Min(most, Math.Floor((_left[r] / demand[r]) + Fit));
                }
            }

            for (var k = most; k >= 0; k--)
            {
                Take(item, k);
                var complete = Branch(depth + 1, value + (k * _values[item]), double.PositiveInfinity);
                Take(item, -k);
                if (!complete)
                {
                    return false;
                }
            }

            return true;
        }

        private void Take(int item, double k)
        {
            _content[item] += k;
            for (var r = 0; r < _left.Length; r++)
            {
                _left[r] -= k * _demands[item][r];
            }
        }

        /// <summary>The least, over the resources, of the fractional knapsack of the sizes not yet decided on that resource's room left.</summary>
        private double Relaxed(int depth)
        {
            var best = double.PositiveInfinity;
            for (var r = 0; r < _left.Length; r++)
            {
                // Sizes that take none of this resource are limited only by their count.
                var total = 0.0;
                for (var p = depth; p < _order.Length; p++)
                {
                    var i = _order[p];
                    if (_demands[i][r] <= 0)
                    {
                        total += _limits[i] * _values[i];
                    }
                }

                var room = Math.Max(0, _left[r]);
                foreach (var i in _byAxis[r])
                {
                    if (_position[i] < depth)
                    {
                        continue;
                    }

                    var take = Math.Min(_limits[i], room / _demands[i][r]);
                    total += take * _values[i];
                    room -= take * _demands[i][r];
                    if (room <= 0)
                    {
                        break;
                    }
                }

                best = Math.Min(best, total);
            }

            return best;
        }

        private static double Share(double[] demand, double[] capacity) =>
            demand.Select((d, r) => capacity[r] > 0 ? d / capacity[r] : (d > 0 ? double.PositiveInfinity : 0)).Max();
    }
}
