namespace Extender.Kubernetes.Events;

/// <summary>
/// Records <c>events.k8s.io/v1</c> Events without blocking: repeats of the same event are counted into one Event's
/// series, and API calls are paced, so a burst of a thousand pods does not become a thousand calls a second.
/// </summary>
public interface IEventRecorder
{
    /// <param name="regarding">The object the event is about.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">A short CamelCase reason, e.g. <c>TriggeredScaleUp</c>.</param>
    /// <param name="action">What was done, e.g. <c>Provision</c>.</param>
    /// <param name="note">A human-readable description.</param>
    void Record(EventTarget regarding, string type, string reason, string action, string note);
}
