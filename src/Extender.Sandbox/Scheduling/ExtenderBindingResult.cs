namespace Extender.Sandbox.Scheduling;

/// <summary>The <c>bind</c> answer: success is an empty <paramref name="Error"/>.</summary>
internal sealed record ExtenderBindingResult(string? Error);
