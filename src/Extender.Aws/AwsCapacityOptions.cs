namespace Extender.Aws;

/// <summary>Configuration section <c>Aws</c>: how to reach EC2 and how the cluster's nodes boot.</summary>
public sealed class AwsCapacityOptions
{
    public const string SectionName = "Aws";

    /// <summary>
    /// Empty means the AWS SDK's default region chain (<c>AWS_REGION</c>, the profile, instance metadata) decides, so a
    /// region set for the pod is not overridden by a default here.
    /// </summary>
    public string Region { get; set; } = "";

    /// <summary>Overrides the regional endpoint (the sandbox and tests point this at 127.0.0.1).</summary>
    public Uri? EndpointOverride { get; set; }

    /// <summary>Static credentials for an endpoint override; empty means the SDK's default credential chain.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary><c>Standard</c> or <c>Adaptive</c>. Adaptive stalls for seconds under throttling, so Standard is the default.</summary>
    public string RetryMode { get; set; } = "Standard";

    /// <summary>
    /// SDK-level retries. Kept low because the SDK also retries 5xx capacity errors against the same offering, which
    /// only delays the re-plan; throttling gets its own backoff on top.
    /// </summary>
    public int MaxErrorRetry { get; set; } = 1;

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ThrottleMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    public int ThrottleMaxAttempts { get; set; } = 6;

    public string ClusterName { get; set; } = "";

    /// <summary>API server endpoint written into the nodes' NodeConfig; empty means EKS DescribeCluster finds it at start.</summary>
    public string ClusterEndpoint { get; set; } = "";

    /// <summary>Base64 cluster CA written into the nodes' NodeConfig; empty means EKS DescribeCluster finds it at start.</summary>
    public string ClusterCertificateAuthority { get; set; } = "";

    /// <summary>Overrides the regional EKS endpoint that DescribeCluster is sent to (tests point this at 127.0.0.1).</summary>
    public Uri? EksEndpointOverride { get; set; }

    /// <summary>Service CIDR of the cluster (nodeadm derives the cluster DNS address from it).</summary>
    public string ClusterCidr { get; set; } = "10.100.0.0/16";

    /// <summary>CreateFleet overrides per launch; EC2 rejects very large override lists and they slow the fleet down.</summary>
    public int MaxFleetOverrides { get; set; } = 60;

    public TimeSpan InstanceTypesRefreshInterval { get; set; } = TimeSpan.FromHours(6);

    public TimeSpan SpotPricesRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an offering that returned insufficient capacity is kept out of plans.</summary>
    public TimeSpan UnavailableOfferingTtl { get; set; } = TimeSpan.FromMinutes(3);

    public TimeSpan NodeClassResolutionTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Launch templates unused for this long are deleted.</summary>
    public TimeSpan LaunchTemplateIdleTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Fixed max-pods for every node; null derives it from the instance type's ENI limits.</summary>
    public int? MaxPods { get; set; }

    /// <summary>Root volume size the ephemeral-storage allocatable is derived from.</summary>
    public int RootVolumeGiB { get; set; } = 20;

    /// <summary>
    /// A JSON file in the catalog format (<c>instanceTypes[].name</c>, <c>onDemandPricePerHour</c>) replacing the embedded
    /// us-east-1 price table (needed for other regions).
    /// </summary>
    public string? OnDemandPriceFile { get; set; }
}
