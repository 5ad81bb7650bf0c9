namespace Extender.Core.Resources;

/// <summary>Well-known resource names.</summary>
public static class ResourceNames
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Pods = "pods";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string NvidiaGpu = "nvidia.com/gpu";
    public const string PodEni = "vpc.amazonaws.com/pod-eni";

    /// <summary>Memory-like resources are displayed with binary suffixes.</summary>
    public static bool IsBinary(string name) =>
        name is Memory or EphemeralStorage || name.StartsWith("hugepages-", StringComparison.Ordinal);
}
