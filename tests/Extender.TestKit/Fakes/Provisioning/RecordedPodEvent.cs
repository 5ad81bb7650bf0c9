using Extender.Core.Claims;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>An event a <see cref="RecordingPodEventRecorder"/> received.</summary>
public sealed record RecordedPodEvent(PodReference Pod, string Type, string Reason, string Message);
