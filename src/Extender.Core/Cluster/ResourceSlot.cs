namespace Extender.Core.Cluster;

/// <summary>The resources <see cref="NodeFitFacts"/> holds as numbers; <see cref="Other"/> is looked up by name.</summary>
internal enum ResourceSlot
{
    Other,
    Pods,
    Cpu,
    Memory,
}
