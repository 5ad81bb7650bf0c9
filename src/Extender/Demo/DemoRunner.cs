using System.Diagnostics;
using Extender.Demo.Phases;
using Extender.Sandbox.Demo;
using Spectre.Console;

namespace Extender.Demo;

/// <summary>One demo run: start everything, run the waves, watch, summarise, write the report.</summary>
internal static class DemoRunner
{
    /// <summary>How long gathering the figures may take once the run has ended (also after Ctrl+C).</summary>
    public static readonly TimeSpan WindDownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Returns the report; it has errors or pending pods when the run did not finish.</summary>
    public static async Task<DemoReport> RunAsync(DemoSettings settings, IAnsiConsole console, bool live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        using var log = DemoLog.Create();
        await using var environment = await DemoEnvironment.StartSandboxAsync(settings, cancellationToken);
        console.MarkupLineInterpolated($"Sandbox Kubernetes API: [bold]{environment.Api.Url}[/]");
        console.MarkupLineInterpolated($"Sandbox EC2 endpoint:   [bold]{environment.Ec2.Url}[/]");
        if (settings.KubeconfigOut is { } kubeconfig)
        {
            console.MarkupLineInterpolated($"Kubeconfig:             [bold]{kubeconfig}[/]");
        }

        if (settings.SidecarProcess)
        {
            await environment.StartSidecarProcessAsync(settings.Port, cancellationToken);
        }
        else
        {
            await environment.StartSidecarAsync(settings.Port, cancellationToken, log);
            console.MarkupLineInterpolated($"Sidecar log:            [bold]{log.Path}[/] (warnings also shown below the progress)");
        }

        await environment.WaitForProvisionerAsync(cancellationToken);
        console.MarkupLineInterpolated($"Extender sidecar:       [bold]{environment.SidecarUrl}[/] (/scheduler/filter), probes [bold]{environment.ProbesUrl}[/] (/healthz, /readyz, /metrics)");
        if (environment.SidecarProcess is { } child)
        {
            console.MarkupLineInterpolated($"Sidecar process:        [bold]{child.Pid}[/], log [bold]{child.LogPath}[/]");
            child.MarkWorkloadStart();
        }

        var clock = Stopwatch.StartNew();
        environment.ApplyFaults(TimeProvider.System.GetUtcNow());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Duration);
        var driver = new WorkloadDriver(environment.Client, settings.Scenario, TimeProvider.System);
        var workload = settings.NoWorkload ? Task.CompletedTask : driver.RunAsync(deadline.Token);
        DemoStatus Sample() => StatusSampler.Sample(environment.Api, environment.Ec2, clock.Elapsed);
        await ProgressView.WatchAsync(
            console,
            live,
            Sample,
            log,
            status => !settings.NoWorkload && workload.IsCompleted && status.Pods >= driver.Planned && status.Pending == 0,
            deadline.Token);
        var elapsed = clock.Elapsed;

        // Ctrl+C ends the watch, not the run: the figures are still gathered and the summary printed, each step
        // bounded by its own timeout instead of the cancelled token.
        using var windDown = new CancellationTokenSource(WindDownTimeout);

        var errors = new List<string>();
        if (workload.IsFaulted)
        {
            errors.Add($"creating the scenario's pods failed: {workload.Exception!.GetBaseException().Message}");
        }
        else if (!workload.IsCompleted)
        {
            errors.Add($"the scenario's waves did not finish within {settings.Duration.TotalSeconds:0.#}s");
        }

        if (!settings.NoWorkload)
        {
            await driver.CollectDeploymentPodsAsync(windDown.Token);
        }

        var snapshot = ScaleUpSnapshot.Take(environment);
        var extras = await ExtrasAsync(settings.Scenario, environment, windDown.Token);
        var scaledUp = workload.IsCompletedSuccessfully && snapshot.Pods.All(StatusSampler.IsBound);
        var (headroom, scaleIn, interruption) = scaledUp && !settings.NoWorkload
            ? await RunPhasesAsync(settings, environment, driver, console, phase => ProgressView.WatchAsync(console, live, Sample, log, _ => phase.IsCompleted, cancellationToken), cancellationToken)
            : (null, null, null);
        using var finish = new CancellationTokenSource(WindDownTimeout);
        extras = extras with { Sidecar = await environment.FinishSidecarProcessAsync(settings.ReportPath is { } reportPath ? Path.ChangeExtension(reportPath, ".launches.tsv") : null) };
        var report = DemoReportBuilder.Build(settings.Scenario.Name, elapsed, environment, snapshot, driver.Created, extras, errors) with { Headroom = headroom, ScaleIn = scaleIn, Interruption = interruption };
        if (!settings.NoWorkload && report.Pods.PendingAtEnd > 0)
        {
            report = report with { Errors = [.. report.Errors, $"{report.Pods.PendingAtEnd} pods still pending after {elapsed.TotalSeconds:0.#}s"] };
        }

        SummaryTable.Write(console, report);
        if (!settings.NoWorkload)
        {
            console.WriteLine(SummaryTable.Explain(report));
        }

        if (settings.ReportPath is { } path)
        {
            await File.WriteAllTextAsync(path, report.ToJson(), finish.Token);
            console.MarkupLineInterpolated($"Report written to [bold]{path}[/]");
        }

        return report;
    }

    /// <summary>
    /// The phases the scenario asks for and <c>--phases</c> allows, one after another on the scaled-up fleet: the
    /// headroom first, a scale-up as the first phase is; then the scale-in, so that the interruption meets a settled
    /// fleet whose launches are its own. Ctrl+C ends them.
    /// </summary>
    private static async Task<(HeadroomFigures? Headroom, ScaleInFigures? ScaleIn, InterruptionFigures? Interruption)> RunPhasesAsync(
        DemoSettings settings, DemoEnvironment environment, WorkloadDriver driver, IAnsiConsole console, Func<Task, Task> watch, CancellationToken cancellationToken)
    {
        HeadroomFigures? headroom = null;
        ScaleInFigures? scaleIn = null;
        InterruptionFigures? interruption = null;
        try
        {
            if (settings.Phases.HasFlag(DemoPhases.Headroom) && HeadroomPhase.Applies(settings.Scenario))
            {
                console.MarkupLineInterpolated($"Headroom: once the CapacityBuffers hold their room on Ready nodes (at most {HeadroomPhase.ReadyLimit.TotalSeconds:0} s), the waves' scaleUpTo applied at once: {string.Join(", ", settings.Scenario.Waves.Where(w => w.ScaleUpTo is not null).Select(w => $"{w.Name} {w.Count} → {w.ScaleUpTo}{(settings.Scenario.CapacityBuffers.Any(b => CapacityBufferManifests.Covers(b, w)) ? " (with a buffer)" : "")}"))}");
                var phase = HeadroomPhase.RunAsync(environment, settings.Scenario, driver, cancellationToken);
                await watch(phase);
                headroom = await phase;
            }

            if (settings.Phases.HasFlag(DemoPhases.ScaleIn) && settings.Scenario.Waves.Any(w => w.ScaleTo is not null))
            {
                console.MarkupLineInterpolated($"Scale-in: the waves' scaleTo applied; waiting (at most {ScaleInPhase.Limit.TotalSeconds:0} s) for emptiness and consolidation to leave the fleet quiet for {ScaleInPhase.QuietFor(settings.Scenario).TotalSeconds:0} s");
                var phase = ScaleInPhase.RunAsync(environment, settings.Scenario, driver, cancellationToken);
                await watch(phase);
                scaleIn = await phase;
            }

            if (settings.Interrupts)
            {
                var spot = settings.Scenario.Faults.SpotInterruption!;
                console.MarkupLineInterpolated($"Interruption: spot warning for {spot.Nodes} spot node(s); reclaimed {spot.Notice.TotalSeconds:0.#} s later (EC2 gives 120 s; scaled down here)");
                var phase = InterruptionPhase.RunAsync(environment, spot, cancellationToken);
                await watch(phase);
                interruption = await phase;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return (headroom, scaleIn, interruption);
    }

    private static async Task<DemoExtras> ExtrasAsync(Scenario scenario, DemoEnvironment environment, CancellationToken cancellationToken)
    {
        var pods = environment.Api.List("v1", "Pod");
        var plan = pods.Count == 0 ? null : PlanBaseline.Compute(scenario, PlanBaseline.WithBufferRoom(scenario, environment.Api, pods));
        var filterP99 = await FilterLatency.P99MillisecondsAsync(environment.ProbesUrl, cancellationToken);
        return new DemoExtras(plan?.TotalPricePerHour, filterP99);
    }
}
