namespace Extender.Kubernetes.Client;

/// <summary>The client-side token bucket of one <see cref="KubernetesLane"/>. Checked by <see cref="KubernetesOptionsValidator"/>.</summary>
public sealed class KubernetesLaneOptions
{
    public KubernetesLaneOptions()
    {
    }

    public KubernetesLaneOptions(double qps, int burst)
    {
        Qps = qps;
        Burst = burst;
    }

    /// <summary>Sustained requests per second (watch events are not requests and are not limited).</summary>
    public double Qps { get; set; } = 200;

    /// <summary>Requests allowed at once above <see cref="Qps"/>; beyond it requests wait in this lane's queue.</summary>
    public int Burst { get; set; } = 300;
}
