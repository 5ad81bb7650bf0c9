namespace Extender.Kubernetes.CustomResources;

/// <summary>A status condition, shaped like <c>metav1.Condition</c>.</summary>
public sealed class CustomResourceCondition
{
    public string Type { get; set; } = "";

    /// <summary>True, False or Unknown.</summary>
    public string Status { get; set; } = "Unknown";

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTime? LastTransitionTime { get; set; }

    public long? ObservedGeneration { get; set; }
}
