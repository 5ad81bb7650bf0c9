using BenchmarkDotNet.Running;
using Extender.Benchmarks.Planning;
using Extender.Benchmarks.Scale;

namespace Extender.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "scale":
                return ScaleBenchmark.Run(args[1..], Console.Out, Console.Error);
            case "scale-steady":
                return SteadyState.Run(args[1..], Console.Out, Console.Error);
            case SteadyCaller.Command:
                return SteadyCaller.Run(args[1..], Console.Out);
            case "sandbox-latency":
                return Kubernetes.SandboxRequestLatency.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
            case "cost":
                CostReport.Run(Console.Out);
                break;
            case "cost-random":
                RandomMixReport.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 17,
                    args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100,
                    args.Skip(3).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
                break;
            case "plan-speed":
                PlanSpeed.Run(Console.Out, args.Length > 1 ? args[1..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)) : [1_000, 5_000, 20_000]);
                break;
            case "consolidation":
                Consolidation.ConsolidationReport.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000);
                break;
            case "plan-e2e":
                PlanEndToEnd.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }

        return 0;
    }
}
