namespace Extender.Disruption.Ports;

/// <summary>What the Eviction API answered.</summary>
/// <param name="Evicted">The pod is being deleted (or was already gone).</param>
/// <param name="Refusal">Why it was refused (the PodDisruptionBudget named in the API's message), when it was.</param>
public sealed record EvictionResult(bool Evicted, string? Refusal)
{
    public static EvictionResult Done { get; } = new(true, null);

    public static EvictionResult Refused(string why) => new(false, why);
}
