using System.CommandLine;

namespace Extender.Commands;

/// <summary>The command line: <c>run</c>, <c>demo</c>, <c>plan</c> and <c>simulate</c> (see interfaces.md for the contract).</summary>
internal static class Cli
{
    /// <summary>Exit code for bad arguments or bad input files, as interfaces.md requires.</summary>
    public const int BadInput = 2;

    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("A kube-scheduler extender that launches the EC2 capacity pending pods need and reserves it for them.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());

        // With no command, the help (which lists the commands) says more than "Required command was not provided".
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            // One line: the most specific error (an unknown word explains a missing command), its list of choices
            // folded onto the line.
            var errors = parse.Errors.Select(e => e.Message).ToList();
            var message = errors.FirstOrDefault(m => !m.StartsWith("Required command", StringComparison.Ordinal)) ?? errors[0];
            await error.WriteLineAsync(string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)));
            return BadInput;
        }

        try
        {
            var code = await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // After Ctrl+C the demo still prints its summary and the sidecar drains; the default 2 s would kill both.
                ProcessTerminationTimeout = Demo.DemoRunner.WindDownTimeout * 2,
            });
            return args.Length == 0 ? BadInput : code;
        }
        catch (Exception e) when (OperationalFailures.Describe(e, "--port") is { } failure)
        {
            await error.WriteLineAsync(failure.Line);
            return failure.ExitCode;
        }
    }
}
