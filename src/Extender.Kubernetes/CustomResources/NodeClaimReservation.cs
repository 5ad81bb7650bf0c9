namespace Extender.Kubernetes.CustomResources;

/// <summary>A pod a claim's capacity is held for.</summary>
public sealed class NodeClaimReservation
{
    public string Namespace { get; set; } = "";

    public string Name { get; set; } = "";

    public string Uid { get; set; } = "";
}
