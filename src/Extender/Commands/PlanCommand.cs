using System.CommandLine;
using System.Diagnostics;
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
        var output = new Option<string>("--output") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");

        var command = new Command("plan", "Show which instances would be launched for these pods, at what price. Reads no cluster and no cloud.");
        command.Options.Add(pods);
        command.Options.Add(nodePools);
        command.Options.Add(catalog);
        command.Options.Add(output);
        command.SetAction(parse => Run(
            parse.GetValue(pods)!.FullName,
            parse.GetValue(nodePools)?.FullName,
            parse.GetValue(catalog)?.FullName,
            parse.GetValue(output) ?? "table",
            Console.OpenStandardOutput(),
            Console.Error));
        return command;
    }

    /// <summary>Runs the command; returns the exit code (0, or <see cref="Cli.BadInput"/> for bad input files).</summary>
    public static int Run(string podsPath, string? nodePoolsPath, string? catalogPath, string output, Stream stdout, TextWriter stderr)
    {
        PlanInput input;
        try
        {
            input = PlanInputLoader.Load(podsPath, nodePoolsPath, catalogPath);
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
            PlanTable.Write(console, plan, solveMilliseconds);
        }

        return 0;
    }
}
