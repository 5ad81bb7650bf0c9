using System.CommandLine;
using System.Diagnostics;
using Extender.Core.Catalog;
using Extender.Core.Planning;
using Extender.Planning;
using Spectre.Console;

namespace Extender.Commands;

/// <summary><c>plan</c>: an offline what-if of which instances these pods would get, at what price.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var pods = new Option<FileInfo>("--pods") { Description = "Pods, Deployments, ReplicaSets, StatefulSets, Jobs, DaemonSets and Nodes (YAML or JSON).", Required = true };
        var nodePools = new Option<FileInfo?>("--nodepools") { Description = "NodePools (ours or karpenter.sh/v1). Default: every on-demand linux instance type." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "Instance catalog in the format of the embedded us-east-1 catalog. Default: embedded." };
        var spotPrices = new Option<FileInfo?>("--spot-prices") { Description = "Spot prices as aws ec2 describe-spot-price-history --output json writes them (the newest per type and zone). Default: no spot offerings." };
        var spotDiscount = new Option<decimal?>("--spot-discount") { Description = "Spot priced at this fraction of on-demand in every zone, in (0, 1]. Default: no spot offerings." };
        var output = new Option<string>("--output") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");

        var command = new Command("plan", "Show which instances would be launched for these pods, at what price. Reads no cluster and no cloud.");
        command.Options.Add(pods);
        command.Options.Add(nodePools);
        command.Options.Add(catalog);
        command.Options.Add(spotPrices);
        command.Options.Add(spotDiscount);
        command.Options.Add(output);
        command.SetAction(parse => Run(
            parse.GetValue(pods)!.FullName,
            parse.GetValue(nodePools)?.FullName,
            parse.GetValue(catalog)?.FullName,
            new SpotOptions(parse.GetValue(spotPrices)?.FullName, parse.GetValue(spotDiscount)),
            parse.GetValue(output) ?? "table",
            Console.OpenStandardOutput(),
            Console.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code (0, or <see cref="Cli.BadInput"/> for bad input files).</summary>
    public static int Run(string podsPath, string? nodePoolsPath, string? catalogPath, SpotOptions spot, string output, Stream stdout, TextWriter stderr)
    {
        PlanInput input;
        try
        {
            input = PlanInputLoader.Load(podsPath, nodePoolsPath, catalogPath, spot.Source());
        }
        catch (PlanInputException e)
        {
            stderr.WriteLine(e.Message);
            return Cli.BadInput;
        }

        var clock = Stopwatch.StartNew();
        var plan = Planner.Plan(input);
        var solveMilliseconds = clock.Elapsed.TotalMilliseconds;
        if (output == "json")
        {
            PlanJson.Write(stdout, plan, solveMilliseconds);
            stdout.Flush();
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StreamWriter(stdout) { AutoFlush = true }) });
            PlanTable.Write(console, plan, solveMilliseconds, SpotNote(input));
        }

        return 0;
    }

    /// <summary>Said under the table when a NodePool allows spot but the catalog has none, so that a plan without spot is not mistaken for one where spot lost on price.</summary>
    private static string? SpotNote(PlanInput input) =>
        input.NoSpotReason is { } reason && input.NodePools.Any(p => p.Requirements.Get(WellKnownLabels.CapacityType)?.Matches(CapacityTypes.Spot) ?? true)
            ? $"Spot offerings are unavailable: {reason}."
            : null;
}
