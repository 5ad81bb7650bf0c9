namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>kubescheduler.config.k8s.io/v1</c> KubeSchedulerConfiguration (config/v1/types.go).</summary>
public sealed class KubeSchedulerConfiguration
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public int? Parallelism { get; set; }
    public LeaderElectionConfiguration? LeaderElection { get; set; }
    public ClientConnectionConfiguration? ClientConnection { get; set; }
    public bool? EnableProfiling { get; set; }
    public bool? EnableContentionProfiling { get; set; }
    public int? PercentageOfNodesToScore { get; set; }
    public long? PodInitialBackoffSeconds { get; set; }
    public long? PodMaxBackoffSeconds { get; set; }
    public List<KubeSchedulerProfile> Profiles { get; init; } = [];
    public List<SchedulerExtender> Extenders { get; init; } = [];
    public bool? DelayCacheUntilActive { get; set; }
}
