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
    /// <summary>Exit code when the plan leaves some pods unschedulable, so a script can test for it.</summary>
    public const int SomeUnschedulable = 3;

    /// <summary>How many skipped objects the note names before it only counts.</summary>
    private const int SkippedNamed = 5;

    public static Command Create()
    {
        var pods = new Option<string>("--pods") { Description = "Pods, Deployments, ReplicaSets, StatefulSets, Jobs, DaemonSets and Nodes (YAML or JSON): a file, a directory of them, or - for standard input. Objects of other kinds are skipped with a note.", Required = true };
        var nodePools = new Option<FileInfo?>("--nodepools") { Description = "NodePools (ours or karpenter.sh/v1). Default: every on-demand linux instance type." };
        var catalog = new Option<FileInfo?>("--catalog") { Description = "Instance catalog in the format of the embedded us-east-1 catalog. Default: embedded." };
        var output = new Option<string>("--output", "-o") { Description = "table, json or yaml.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json", "yaml");
        var spotPrices = new Option<FileInfo?>("--spot-prices") { Description = "Spot prices as aws ec2 describe-spot-price-history --output json writes them (the newest per type and zone). Default: no spot offerings." };
        var spotDiscount = new Option<decimal?>("--spot-discount")
        {
            Description = "Spot priced at this fraction of on-demand in every zone, in (0, 1]. Default: no spot offerings.",
            // The built-in conversion error names the CLR type (System.Nullable`1[System.Decimal]), not what to give.
            CustomParser = r => decimal.TryParse(r.Tokens.Single().Value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value)
                ? value
                : Refuse(r, $"--spot-discount: \"{r.Tokens.Single().Value}\" is not a number; expected a fraction in (0, 1], e.g. 0.35"),
        };
        var cronJobs = new Option<bool>("--include-cronjobs") { Description = "Plan one run of each CronJob's job template (default: skip CronJobs)." };

        var command = new Command("plan", "Show which instances would be launched for these pods, at what price. Reads no cluster and no cloud. Exit 3 when some pods are unschedulable.");
        command.Options.Add(pods);
        command.Options.Add(nodePools);
        command.Options.Add(catalog);
        command.Options.Add(spotPrices);
        command.Options.Add(spotDiscount);
        command.Options.Add(output);
        command.Options.Add(cronJobs);
        command.SetAction(parse => Run(
            new PlanArguments(parse.GetValue(pods)!, parse.GetValue(nodePools)?.FullName, parse.GetValue(catalog)?.FullName, parse.GetValue(output) ?? "table", parse.GetValue(cronJobs), new SpotOptions(parse.GetValue(spotPrices)?.FullName, parse.GetValue(spotDiscount))),
            Console.OpenStandardOutput(),
            parse.InvocationConfiguration.Error ?? Console.Error,
            PlanTable.Console(Console.IsOutputRedirected)));
        return command;
    }

    /// <summary>Runs the command; returns the exit code: 0, <see cref="Cli.BadInput"/> for bad input files, or
    /// <see cref="SomeUnschedulable"/>.</summary>
    public static int Run(PlanArguments arguments, Stream stdout, TextWriter stderr, Func<Stream, IAnsiConsole>? tableConsole = null)
    {
        PlanInput input;
        var skipped = new List<string>();
        try
        {
            input = PlanInputLoader.Load(arguments.Pods, arguments.NodePools, arguments.Catalog, arguments.IncludeCronJobs, skipped, (arguments.Spot ?? new SpotOptions(null, null)).Source());
        }
        catch (PlanInputException e)
        {
            stderr.WriteLine(e.Message);
            return Cli.BadInput;
        }

        if (skipped.Count > 0)
        {
            var named = string.Join(", ", skipped.Take(SkippedNamed)) + (skipped.Count > SkippedNamed ? $" and {skipped.Count - SkippedNamed} more" : "");
            stderr.WriteLine($"note: skipped {skipped.Count} object(s) that carry no pods: {named}");
        }

        var clock = Stopwatch.StartNew();
        var plan = Planner.Plan(input);
        var solveMilliseconds = clock.Elapsed.TotalMilliseconds;
        switch (arguments.Output)
        {
            case "json":
                PlanJson.Write(stdout, plan, solveMilliseconds);
                break;
            case "yaml":
                PlanJson.WriteYaml(stdout, plan, solveMilliseconds);
                break;
            default:
                PlanTable.Write((tableConsole ?? PlanTable.Console(redirected: true))(stdout), plan, solveMilliseconds, SpotNote(input));
                break;
        }

        stdout.Flush();
        return plan.Unschedulable.Count > 0 ? SomeUnschedulable : 0;
    }

    private static decimal? Refuse(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    /// <summary>Said under the table when a NodePool allows spot but the catalog has none, so that a plan without spot is not mistaken for one where spot lost on price.</summary>
    private static string? SpotNote(PlanInput input) =>
        input.NoSpotReason is { } reason && input.NodePools.Any(p => p.Requirements.Get(WellKnownLabels.CapacityType)?.Matches(CapacityTypes.Spot) ?? true)
            ? $"Spot offerings are unavailable: {reason}."
            : null;
}

/// <summary>The <c>plan</c> command's options.</summary>
internal sealed record PlanArguments(string Pods, string? NodePools, string? Catalog, string Output = "json", bool IncludeCronJobs = false, SpotOptions? Spot = null);
