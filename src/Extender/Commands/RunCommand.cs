using System.CommandLine;
using Extender.Hosting;

namespace Extender.Commands;

/// <summary><c>run</c>: the production sidecar.</summary>
internal static class RunCommand
{
    private const string KubeconfigKey = "Kubernetes:Kubeconfig";

    public static Command Create()
    {
        var port = PortOption.CreateOptional("--port", "Port of the extender verbs on loopback (default 8888; /healthz, /readyz and /metrics are on Http:Probes:Port, 8081).");
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, then in-cluster credentials)." };
        var command = new Command("run", "Run the extender and provisioner against a real cluster and AWS.") { port, kubeconfig };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error ?? Console.Error;
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(port) is { } value)
            {
                settings[$"{HttpServerOptions.Section}:Port"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (parse.GetValue(kubeconfig) is { } file)
            {
                if (!file.Exists)
                {
                    await error.WriteLineAsync($"--kubeconfig: file {file.FullName} does not exist");
                    return Cli.BadInput;
                }

                settings[KubeconfigKey] = file.FullName;
            }

            return await RunSidecarAsync(settings, error, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the sidecar until stopped: 0 after a clean stop, <see cref="Cli.BadInput"/> with one line on
    /// <paramref name="error"/> when an option is invalid or the cluster's endpoint and CA cannot be found, 1 with one line when
    /// the port is taken or the cluster cannot be reached (<see cref="OperationalFailures"/>).</summary>
    internal static async Task<int> RunSidecarAsync(IEnumerable<KeyValuePair<string, string?>> settings, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            await using var app = ExtenderHost.BuildSidecar(settings);
            await app.RunAsync(cancellationToken);
            return 0;
        }
        catch (Exception e) when (OperationalFailures.Describe(e, "--port") is { } failure)
        {
            // Options are validated at start; a wrong setting is bad input, named by its key, not a crash.
            await error.WriteLineAsync(failure.Line);
            return failure.ExitCode;
        }
    }
}
