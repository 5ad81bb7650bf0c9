namespace Extender.Kubernetes.CustomResources;

/// <summary>Kubelet settings, Karpenter v1's fields.</summary>
public sealed class EC2NodeClassKubelet
{
    public int? MaxPods { get; set; }

    public int? PodsPerCore { get; set; }

    public IDictionary<string, string>? SystemReserved { get; set; }

    public IDictionary<string, string>? KubeReserved { get; set; }

    public IDictionary<string, string>? EvictionHard { get; set; }

    public IDictionary<string, string>? EvictionSoft { get; set; }

    public IDictionary<string, string>? EvictionSoftGracePeriod { get; set; }

    public int? EvictionMaxPodGracePeriod { get; set; }

    public int? ImageGCHighThresholdPercent { get; set; }

    public int? ImageGCLowThresholdPercent { get; set; }

    public bool? CpuCFSQuota { get; set; }

    public IList<string>? ClusterDNS { get; set; }
}
