namespace Extender.Kubernetes.CustomResources;

/// <summary>A reference to an object in the buffer's namespace (upstream's <c>LocalObjectRef</c>).</summary>
public sealed class CapacityBufferObjectRef
{
    public string Name { get; set; } = "";
}
