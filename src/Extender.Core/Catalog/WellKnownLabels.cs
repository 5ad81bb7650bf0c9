namespace Extender.Core.Catalog;

/// <summary>Node label keys the catalog, the requirements and the nodes share (see interfaces.md).</summary>
public static class WellKnownLabels
{
    public const string InstanceType = "node.kubernetes.io/instance-type";
    public const string Zone = "topology.kubernetes.io/zone";
    public const string Region = "topology.kubernetes.io/region";
    public const string Arch = "kubernetes.io/arch";
    public const string Os = "kubernetes.io/os";
    public const string Hostname = "kubernetes.io/hostname";
    public const string Group = "provisioning.extender.io";
    public const string CapacityType = Group + "/capacity-type";
    public const string NodePool = Group + "/nodepool";
    public const string NodeClaim = Group + "/nodeclaim";
    public const string InstanceFamily = Group + "/instance-family";
    public const string InstanceCategory = Group + "/instance-category";
    public const string InstanceGeneration = Group + "/instance-generation";
    public const string InstanceSize = Group + "/instance-size";
    public const string InstanceCpu = Group + "/instance-cpu";
    public const string InstanceMemory = Group + "/instance-memory";
    public const string InstanceGpuCount = Group + "/instance-gpu-count";
    public const string InstanceGpuName = Group + "/instance-gpu-name";
}
