namespace Extender.Tests.Deployment.AsShipped;

/// <summary>The facts about one replica's pod that the downward API exposes (<c>fieldRef.fieldPath</c>).</summary>
internal sealed record ShippedPod(string Name, string Namespace, string ServiceAccountName, string PodIp, string NodeName)
{
    public string? Field(string path) => path switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace,
        "spec.serviceAccountName" => ServiceAccountName,
        "spec.nodeName" => NodeName,
        "status.podIP" or "status.hostIP" => PodIp,
        "status.podIPs" or "status.hostIPs" => PodIp,
        _ => null,
    };
}
