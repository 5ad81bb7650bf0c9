namespace Extender.Kubernetes.CustomResources;

/// <summary>The workload whose pods the buffer holds room for (upstream's <c>ScalableRef</c>).</summary>
public sealed class CapacityBufferScalableRef
{
    public string? ApiGroup { get; set; }
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
}
