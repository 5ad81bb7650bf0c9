namespace Extender.Sandbox.Scheduling;

/// <summary>
/// How one scheduling cycle ended: a chosen node, or a failure with the condition reason (<c>Unschedulable</c> or
/// <c>SchedulerError</c>) and message that go onto the pod.
/// </summary>
internal sealed record CycleResult(string? Node, string Reason, string Message)
{
    public const string Unschedulable = "Unschedulable";
    public const string SchedulerError = "SchedulerError";

    public static CycleResult Selected(string node) => new(node, "", "");

    public static CycleResult Failed(string reason, string message) => new(null, reason, message);
}
