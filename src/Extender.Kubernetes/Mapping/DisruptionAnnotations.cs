namespace Extender.Kubernetes.Mapping;

/// <summary>
/// The annotations that keep a pod or node from voluntary disruption: ours, and Karpenter's spelling so that
/// workloads written for Karpenter are honoured as they are.
/// </summary>
public static class DisruptionAnnotations
{
    public const string DoNotDisrupt = "provisioning.extender.io/do-not-disrupt";
    public const string KarpenterDoNotDisrupt = "karpenter.sh/do-not-disrupt";

    /// <summary>The annotation's value (ours first), or null when neither is set.</summary>
    public static string? Value(IDictionary<string, string>? annotations) =>
        annotations is null ? null
        : annotations.TryGetValue(DoNotDisrupt, out var ours) ? ours
        : annotations.TryGetValue(KarpenterDoNotDisrupt, out var karpenter) ? karpenter
        : null;
}
