namespace Extender.Kubernetes.CustomResources;

/// <summary>A replacement slot's key: the evicted pod's controller, its scheduling shape, and a StatefulSet pod's name.</summary>
public sealed class NodeClaimReplacement
{
    public string OwnerKind { get; set; } = "";

    public string OwnerUid { get; set; } = "";

    public string? Name { get; set; }

    public string Shape { get; set; } = "";
}
