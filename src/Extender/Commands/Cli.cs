using System.CommandLine;

namespace Extender.Commands;

/// <summary>The command line: <c>run</c>, <c>demo</c> and <c>plan</c> (see interfaces.md for the contract).</summary>
internal static class Cli
{
    /// <summary>Exit code for bad arguments or bad input files, as interfaces.md requires.</summary>
    public const int BadInput = 2;

    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("A kube-scheduler extender that launches the EC2 capacity pending pods need and reserves it for them.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            return BadInput;
        }

        return await parse.InvokeAsync();
    }
}
