using System.CommandLine;
using System.Diagnostics;
using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Planning;
using Extender.Simulation;
using Spectre.Console;

namespace Extender.Commands;

/// <summary><c>simulate</c>: replays a workload over virtual time through the provisioning and disruption decisions.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var trace = new Option<FileInfo>("--trace") { Description = "The workload over time (YAML; see the README's trace format).", Required = true };
        var nodePools = new Option<FileInfo?>("--nodepools") { Description = "NodePools (ours or karpenter.sh/v1). Default: every on-demand linux instance type, Karpenter's default disruption." };
        var report = new Option<FileInfo?>("--report") { Description = "Also write the report, with the curve sampled over time, as JSON to this file." };
        var chart = new Option<FileInfo?>("--chart") { Description = "Also draw cost, lower bound and pending pods over time as SVG to this file." };
        var command = new Command("simulate", "Replay a workload over simulated time through the same provisioning and disruption decisions; report cost against its lower bound, waits and evictions.");
        command.Options.Add(trace);
        command.Options.Add(nodePools);
        command.Options.Add(report);
        command.Options.Add(chart);
        command.SetAction(parse => Run(
            new SimulateArguments(parse.GetValue(trace)!.FullName, parse.GetValue(nodePools)?.FullName, parse.GetValue(report)?.FullName, parse.GetValue(chart)?.FullName),
            AnsiConsole.Console,
            parse.InvocationConfiguration.Error ?? Console.Error));
        return command;
    }

    /// <summary>Runs the command; returns 0, or <see cref="Cli.BadInput"/> for bad input files or an output that cannot be written.</summary>
    public static int Run(SimulateArguments arguments, IAnsiConsole console, TextWriter stderr)
    {
        SimulationTrace trace;
        IReadOnlyList<NodePool> pools;
        try
        {
            trace = TraceReader.Read(arguments.SimulationTrace);
            pools = arguments.NodePools is null ? [PlanInputLoader.DefaultNodePool] : PlanInputLoader.LoadNodePools(arguments.NodePools);
        }
        catch (PlanInputException e)
        {
            stderr.WriteLine(e.Message);
            return Cli.BadInput;
        }

        var clock = Stopwatch.StartNew();
        var report = new Simulator(trace, pools, DefaultCatalog.Load()).Run();
        report = report with { RunSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
        SimulationTable.Write(console, report);
        return Write("--report", arguments.Report, path => File.WriteAllText(path, SimulationJson.Serialize(report)), stderr)
            ?? Write("--chart", arguments.Chart, path => CostChart.Save(report, path), stderr)
            ?? 0;
    }

    private static int? Write(string option, string? path, Action<string> write, TextWriter stderr)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            write(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{option}: cannot write {path}: {e.Message}");
            return Cli.BadInput;
        }
    }
}

/// <summary>The <c>simulate</c> command's options.</summary>
internal sealed record SimulateArguments(string SimulationTrace, string? NodePools, string? Report = null, string? Chart = null);
