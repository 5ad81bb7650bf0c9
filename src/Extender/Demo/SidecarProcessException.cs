namespace Extender.Demo;

/// <summary>The sidecar's own process did not come up; the message names its exit code or the wait, and its log.</summary>
internal sealed class SidecarProcessException(string message) : Exception(message);
