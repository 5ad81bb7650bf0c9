namespace Extender.Diagnostics;

/// <summary>Section <c>Diagnostics</c>: measuring aids, off unless set.</summary>
internal sealed class LaunchLogOptions
{
    public const string Section = "Diagnostics";

    /// <summary>
    /// When set, one line per pod whose capacity was requested or reserved is appended to this file
    /// (<see cref="LaunchLogLine"/>), so that a sidecar in its own process can be measured per pod, as the demo measures
    /// the in-process one. Empty: nothing is written.
    /// </summary>
    public string? LaunchLog { get; set; }
}
