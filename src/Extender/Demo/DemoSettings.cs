using Extender.Demo.Phases;
using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>The <c>demo</c> command's options (interfaces.md), with the scenario already loaded.</summary>
internal sealed record DemoSettings
{
    public required Scenario Scenario { get; init; }

    /// <summary>The run ends when every pod is bound or after this long, whichever comes first.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public string? ReportPath { get; init; }

    /// <summary>The sidecar's port (extender verbs and metrics); 0 picks a free one.</summary>
    public int Port { get; init; } = 8888;

    /// <summary>0 picks a free port for the sandbox Kubernetes API.</summary>
    public int ApiPort { get; init; }

    /// <summary>0 picks a free port for the sandbox EC2 endpoint.</summary>
    public int Ec2Port { get; init; }

    public string? KubeconfigOut { get; init; }

    /// <summary>Run the sidecar as a child process (<c>extender run</c>), so its CPU time and memory are measured apart.</summary>
    public bool SidecarProcess { get; init; }

    /// <summary>
    /// The phases after the scale-up that run when the scenario asks for them; <see cref="Duration"/> bounds the
    /// scale-up only, each phase has its own limit.
    /// </summary>
    public DemoPhases Phases { get; init; } = DemoPhases.All;

    /// <summary>Whether the scenario's spot interruption will be sent (and so the sidecar reads an interruption queue).</summary>
    public bool Interrupts => !NoWorkload && Phases.HasFlag(DemoPhases.Interruption) && Scenario.Faults.SpotInterruption is not null;

    /// <summary>Create no pods; run until cancelled or <see cref="Duration"/>.</summary>
    public bool NoWorkload { get; init; }
}
