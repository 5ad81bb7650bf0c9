namespace Extender.Kubernetes.Events;

/// <summary>Events with the same key are one Event with a growing series count.</summary>
internal sealed record EventKey(EventTarget Regarding, string Type, string Reason, string Action, string Note);
