namespace Extender.Sandbox.Scheduling;

/// <summary>Configuration of the scheduler stand-in, with kube-scheduler's defaults.</summary>
public sealed record SandboxSchedulerOptions
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>The <c>spec.schedulerName</c> values this scheduler serves (one profile each).</summary>
    public IReadOnlySet<string> SchedulerNames { get; init; } = new HashSet<string>(StringComparer.Ordinal) { DefaultSchedulerName };

    /// <summary>Shared by every profile, called in this order with ignorable ones moved last, as <c>buildExtenders</c> does.</summary>
    public IReadOnlyList<ExtenderConfig> Extenders { get; init; } = [];

    /// <summary><c>podInitialBackoffSeconds</c>: the wait after the first failed attempt, doubled per failure.</summary>
    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>podMaxBackoffSeconds</c>.</summary>
    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Host name used in events' <c>reportingInstance</c> (<c>&lt;schedulerName&gt;-&lt;hostname&gt;</c>).</summary>
    public string HostName { get; init; } = "sandbox";

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (SchedulerNames.Count == 0 || SchedulerNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("the scheduler needs at least one non-empty scheduler name");
        }

        if (PodInitialBackoff <= TimeSpan.Zero || PodMaxBackoff < PodInitialBackoff)
        {
            throw new ArgumentException($"backoff must satisfy 0 < initial ({PodInitialBackoff}) <= max ({PodMaxBackoff})");
        }

        foreach (var extender in Extenders)
        {
            extender.Validate();
        }

        if (Extenders.Count(e => e.BindVerb.Length > 0) > 1)
        {
            throw new ArgumentException("only one extender can implement bind");
        }
    }

    /// <summary>Non-ignorable extenders first, then ignorable ones, each group in configuration order.</summary>
    internal IReadOnlyList<ExtenderConfig> OrderedExtenders() => [.. Extenders.Where(e => !e.Ignorable), .. Extenders.Where(e => e.Ignorable)];
}
