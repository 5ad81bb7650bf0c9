using Extender.Core.Resources;

namespace Extender.Core.Catalog;

/// <summary>
/// An EC2NodeClass's <c>spec.kubelet</c>, Karpenter's v1 fields: what the node's kubelet is started with, and what
/// the planner's allocatable is computed from (<see cref="KubeletAllocatable"/>). Null fields keep the kubelet's
/// (nodeadm's) defaults.
/// </summary>
public sealed record KubeletSettings
{
    public int? MaxPods { get; init; }
    public int? PodsPerCore { get; init; }
    public ResourceList? SystemReserved { get; init; }
    public ResourceList? KubeReserved { get; init; }

    /// <summary>Signal → threshold, a quantity (<c>500Mi</c>) or a share of capacity (<c>10%</c>), e.g. <c>memory.available</c>.</summary>
    public IReadOnlyDictionary<string, string> EvictionHard { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> EvictionSoft { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> EvictionSoftGracePeriod { get; init; } = new Dictionary<string, string>();
    public int? EvictionMaxPodGracePeriod { get; init; }
    public int? ImageGCHighThresholdPercent { get; init; }
    public int? ImageGCLowThresholdPercent { get; init; }
    public bool? CpuCfsQuota { get; init; }
    public IReadOnlyList<string> ClusterDns { get; init; } = [];
}
