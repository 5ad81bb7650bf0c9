using System.CommandLine;
using Extender.Core.Disruption;
using Extender.Demo;
using Extender.Demo.Phases;
using Extender.Sandbox.Demo;
using Spectre.Console;

namespace Extender.Commands;

/// <summary><c>demo</c>: the whole system on one machine against the sandbox (interfaces.md).</summary>
internal static class DemoCommand
{
    /// <summary>How long a scenario may run before the demo stops and reports what is still pending.</summary>
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var scenario = new Option<FileInfo?>("--scenario") { Description = "Scenario file (YAML). Default: the built-in scenario." };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long even if pods are pending (e.g. 60s, 2m). Default: 60s; with --no-workload, until Ctrl+C." };
        var report = new Option<FileInfo?>("--report") { Description = "Write the run's figures to this JSON file." };
        var port = PortOption.Create("--port", "Port of the sidecar's extender verbs on 127.0.0.1 (/healthz, /readyz and /metrics are on a free port printed at start).", 8888);
        var apiPort = PortOption.Create("--api-port", "Port of the sandbox Kubernetes API on 127.0.0.1 (default: a free port).", 0);
        var ec2Port = PortOption.Create("--ec2-port", "Port of the sandbox EC2 endpoint on 127.0.0.1 (default: a free port).", 0);
        var kubeconfigOut = new Option<FileInfo?>("--kubeconfig-out") { Description = "Write a kubeconfig for the sandbox Kubernetes API to this file." };
        var noWorkload = new Option<bool>("--no-workload") { Description = "Start everything with a default NodePool and EC2NodeClass, create no pods, run until Ctrl+C or --duration." };
        var sidecarProcess = new Option<bool>("--sidecar-process") { Description = "Run the sidecar as its own process (this build's `run`), so the report gives its own CPU-seconds and peak working set apart from the sandbox's." };
        var phases = new Option<string?>("--phases") { Description = $"The phases after the scale-up to run when the scenario has them: {DemoPhasesOption.Values} (comma-separated). Default: headroom,scale-in,interruption. --duration bounds the scale-up only; the headroom phase waits at most {HeadroomPhase.ReadyLimit.TotalSeconds:0}s for the buffers and {HeadroomPhase.Limit.TotalSeconds:0}s after its scale-up, the scale-in at most {ScaleInPhase.Limit.TotalSeconds:0}s, the interruption its notice plus {InterruptionPhase.AfterReclaim.TotalSeconds:0}s." };
        var command = new Command("demo", "Run the extender and provisioner against a local sandbox (Kubernetes API, EC2, scheduler, kubelet) and show pods go from Pending to Running.")
        {
            scenario, duration, report, port, apiPort, ec2Port, kubeconfigOut, noWorkload, sidecarProcess, phases,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error ?? Console.Error;
            var runFor = parse.GetValue(noWorkload) ? Timeout.InfiniteTimeSpan : DefaultDuration;
            if (parse.GetValue(duration) is { } given && !Durations.TryParse(given, out runFor))
            {
                await error.WriteLineAsync($"--duration: \"{given}\" is not a duration (e.g. 500ms, 60s, 2m)");
                return Cli.BadInput;
            }

            var runPhases = DemoPhases.All;
            if (parse.GetValue(phases) is { } named && !DemoPhasesOption.TryParse(named, out runPhases))
            {
                await error.WriteLineAsync($"--phases: \"{named}\" is not a list of {DemoPhasesOption.Values}");
                return Cli.BadInput;
            }

            Scenario loaded;
            try
            {
                loaded = parse.GetValue(noWorkload) ? new Scenario { Name = "no-workload" }
                    : parse.GetValue(scenario) is { } file ? ScenarioLoader.LoadFile(file.FullName)
                    : ScenarioLoader.LoadBuiltIn();
            }
            catch (ScenarioException e)
            {
                await error.WriteLineAsync(e.Message);
                return Cli.BadInput;
            }

            var settings = new DemoSettings
            {
                Scenario = loaded,
                Duration = runFor,
                ReportPath = parse.GetValue(report)?.FullName,
                Port = parse.GetValue(port),
                ApiPort = parse.GetValue(apiPort),
                Ec2Port = parse.GetValue(ec2Port),
                KubeconfigOut = parse.GetValue(kubeconfigOut)?.FullName,
                NoWorkload = parse.GetValue(noWorkload),
                SidecarProcess = parse.GetValue(sidecarProcess),
                Phases = runPhases,
            };
            try
            {
                var result = await DemoRunner.RunAsync(settings, AnsiConsole.Console, !Console.IsOutputRedirected, cancellationToken);
                return settings.NoWorkload || result.Succeeded ? 0 : 1;
            }
            catch (SidecarProcessException e)
            {
                await error.WriteLineAsync($"--sidecar-process: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
