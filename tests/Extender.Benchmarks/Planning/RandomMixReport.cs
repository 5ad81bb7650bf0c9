using System.Diagnostics;
using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.TestKit.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// Packing on mixes nobody tuned for: from a seed, random mixes (1 to 5 pod shapes with random cpu and memory-per-cpu
/// ratios, 3 to 5,000 pods on a log scale, one of a few NodePool shapes, a third with hostname anti-affinity or zonal
/// spread on one shape). Each plan's cost is divided by the configuration-LP lower bound (<see cref="LowerBound"/>,
/// which ignores topology, so it stays a bound) and by the best proven lower bound: for unconstrained mixes above
/// <see cref="AchievableAbove"/> with at most <see cref="ContentsUpTo"/> node contents or <see cref="ExactUpTo"/>
/// pods, SCIP's optimum of the exact packing where it proves one, else its dual bound when that is above the LP's,
/// and the cheapest whole nodes that hold the mix's total request (<see cref="ExactPacking.CoverBound"/>) when higher still;
/// prints both distributions and the worst mixes.
/// </summary>
internal static class RandomMixReport
{
    /// <summary>Above this cost/bound an unconstrained mix also gets an achievable reference, to tell a loose bound from a poor plan.</summary>
    private const double AchievableAbove = 1.02;

    /// <summary>Mixes with up to this many node contents get the exact optimum by the configuration IP over all of them when they get the reference.</summary>
    private const int ContentsUpTo = 100_000;

    /// <summary>Other mixes up to this many pods get it by an assignment MIP.</summary>
    private const int ExactUpTo = 60;

    private static readonly string[] Shapes = ["all types", "c/m/r families", "on-demand only", "7th generation and up"];

    /// <summary>Plans the mixes of <paramref name="seed"/>; with <paramref name="only"/> non-empty, just those mix numbers (the same mixes, to look into one).</summary>
    public static void Run(TextWriter output, int seed, int mixes, IReadOnlySet<int> only)
    {
        var catalog = DefaultCatalog.Load();
        var random = new Random(seed);
        var ratios = new List<(double Ratio, double ToOptimum, string Mix, bool Constrained)>();
        var clock = new Stopwatch();
        output.WriteLine("mix, cost / LP bound, cost / best proven lower bound, planning time, the mix");
        for (var m = 0; m < mixes; m++)
        {
            var shape = random.Next(Shapes.Length);
            var types = Restrict(catalog, shape);
            var (pods, text) = Mix(random, m);
            if (only.Count > 0 && !only.Contains(m))
            {
                continue;
            }

            var before = clock.Elapsed;
            clock.Start();
            var plan = Planner.Plan(new PlanInput { Pods = pods, NodePools = [new NodePool { Name = "default" }], Catalog = types });
            clock.Stop();
            var placed = pods.Where(p => !plan.Unschedulable.Any(u => u.Pod.Key == p.Key)).ToList();
            if (placed.Count == 0)
            {
                continue;
            }

            var constrained = text.Contains("anti", StringComparison.Ordinal) || text.Contains("spread", StringComparison.Ordinal);
            var bound = LowerBound.Cost(placed, types.InstanceTypes);
            var ratio = (double)(plan.TotalPricePerHour / bound);
            var achievable = "";
            var best = bound;
            if (!constrained && ratio > AchievableAbove)
            {
                var (_, integral) = LowerBound.WithAchievable(placed, types.InstanceTypes, seconds: 10);
                achievable = string.Create(CultureInfo.InvariantCulture, $" (integral over the LP's columns {integral:0.000}, {integral / bound:0.0000}");
                var exactly = ExactPacking.SolveByContents(placed, types.InstanceTypes, seconds: 20, ContentsUpTo)
                    ?? (placed.Count <= ExactUpTo ? ExactPacking.Solve(placed, types.InstanceTypes, nodes: placed.Count, seconds: 20) : null);
                if (exactly is var (exact, proven, lower))
                {
                    achievable += string.Create(CultureInfo.InvariantCulture, $"; {(proven ? "optimum" : "best found")} {exact:0.000}, {exact / bound:0.0000}");
                    achievable += proven ? "" : string.Create(CultureInfo.InvariantCulture, $"; SCIP's lower bound {lower:0.000}, {lower / bound:0.0000}");
                    best = Math.Max(bound, lower);
                }

                if (ExactPacking.CoverBound(placed, types.InstanceTypes, seconds: 10) is { } cover && cover > best)
                {
                    achievable += string.Create(CultureInfo.InvariantCulture, $"; whole nodes holding the total {cover:0.000}, {cover / bound:0.0000}");
                    best = cover;
                }

                achievable += ")";
            }

            ratios.Add((ratio, (double)(plan.TotalPricePerHour / best), $"mix {m} ({Shapes[shape]}): {text}; {plan.NewNodes.Count} nodes, {plan.TotalPricePerHour:0.000} $/h vs bound {bound:0.000}{achievable}", constrained));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m,3} {ratio:0.0000} {ratios[^1].ToOptimum:0.0000} {(clock.Elapsed - before).TotalMilliseconds,6:0} ms {ratios[^1].Mix}"));
        }

        // The bound ignores topology: for constrained mixes it is loose, so they are summarised apart.
        Summarise(output, $"seed {seed}, unconstrained", [.. ratios.Where(r => !r.Constrained).Select(r => (r.Ratio, r.Mix))]);
        // A proven optimum (or SCIP's dual bound) above the LP bound is the tighter lower bound: the gap above it is the planner's own.
        Summarise(output, $"seed {seed}, unconstrained, against the best proven lower bound", [.. ratios.Where(r => !r.Constrained).Select(r => (r.ToOptimum, r.Mix))]);
        Summarise(output, $"seed {seed}, constrained", [.. ratios.Where(r => r.Constrained).Select(r => (r.Ratio, r.Mix))]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"planning {clock.Elapsed.TotalSeconds:0.0} s in all"));
    }

    private static void Summarise(TextWriter output, string title, List<(double Ratio, string Mix)> ratios)
    {
        if (ratios.Count == 0)
        {
            return;
        }

        var sorted = ratios.Select(r => r.Ratio).Order().ToList();
        double At(double q) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {sorted.Count} mixes, cost/bound median {At(0.5):0.0000}, p90 {At(0.9):0.0000}, worst {sorted[^1]:0.0000}"));
        output.WriteLine("  worst: " + ratios.MaxBy(r => r.Ratio).Mix);
    }

    private static InstanceCatalog Restrict(InstanceCatalog catalog, int shape) => shape switch
    {
        1 => new InstanceCatalog(catalog.InstanceTypes.Where(t => t.Family.Length > 0 && t.Family[0] is 'c' or 'm' or 'r')),
        2 => catalog.WithOfferings(t => [.. t.Offerings.Where(o => o.CapacityType == CapacityTypes.OnDemand)]),
        3 => new InstanceCatalog(catalog.InstanceTypes.Where(t => int.TryParse(t.Labels.GetValueOrDefault(WellKnownLabels.InstanceGeneration), out var g) && g >= 7)),
        _ => catalog,
    };

    private static (List<Pod> Pods, string Text) Mix(Random random, int index)
    {
        var count = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(5000 / 3.0)) * 3);
        var kinds = Math.Min(count, random.Next(1, 6));
        var constrained = random.Next(3) == 0 ? random.Next(kinds) : -1;
        var pods = new List<Pod>(count);
        var text = new List<string>();
        for (var k = 0; k < kinds; k++)
        {
            var n = k == kinds - 1 ? count - pods.Count : Math.Max(1, count / kinds);
            var cpu = (int)Math.Round(Math.Exp(random.NextDouble() * Math.Log(80)) * 100);
            var memory = (int)(cpu * (0.5 + (random.NextDouble() * 7.5)) * 1.024);
            var kind = $"k{k}";
            var rule = k != constrained ? "" : random.Next(2) == 0 ? " anti" : " spread";
            text.Add(string.Create(CultureInfo.InvariantCulture, $"{n}x {cpu}m/{memory}Mi{rule}"));
            pods.AddRange(PendingPodBuilder.Many(n, $"m{index}-{kind}", b =>
            {
                b = b.Cpu($"{cpu}m").Memory($"{memory}Mi").Label("kind", kind);
                return rule switch
                {
                    " anti" => b.AntiAffinity("kind", kind),
                    " spread" => b.Spread("kind", kind),
                    _ => b,
                };
            }));
        }

        return (pods, string.Join(", ", text));
    }
}
