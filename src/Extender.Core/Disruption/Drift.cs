namespace Extender.Core.Disruption;

/// <summary>Why a claim no longer matches what would be launched today: one of <see cref="DriftReasons"/>, and the details.</summary>
public sealed record Drift(string Reason, string Message);
