using System.ComponentModel.DataAnnotations;

namespace Extender.Provisioning.Launching;

/// <summary>How batches are planned and launched (section <c>Provisioner</c>).</summary>
internal sealed class ProvisionerOptions
{
    public const string Section = "Provisioner";

    /// <summary>
    /// Launches run in parallel (beside the planning of later batches) up to this many, and so do a batch's claim writes.
    /// A launch holds its slot through CreateFleet and the claim's status write, which in a 10,000-pod flood waits on
    /// the busiest API server of the burst: at 16 the 40-50 claims of one batch launched in three or four rounds, and
    /// the last launch came 2.3-4.1 s after the last pod was created (1.1-1.8 s at 64; issue 24). EC2 throttles
    /// CreateFleet by rate, not by calls in flight, and the SDK retries a throttled call.
    /// </summary>
    [Range(1, 256)]
    public int LaunchConcurrency { get; set; } = 64;

    /// <summary>Re-plans within one batch after insufficient capacity, before the pods wait for the next batch.</summary>
    [Range(0, 10)]
    public int MaxReplans { get; set; } = 3;

    /// <summary>First delay before a pod whose launch failed is planned again; doubles per failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RequeueBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RequeueMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A reservation not used by its pod within this long is released; longer than the registration timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Upper bound of every call to Kubernetes or the cloud.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an unsynced cache or a missing catalog is checked again before planning.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan SyncPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The instance catalog (types, offerings, prices) is fetched again after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CatalogRefresh { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// On shutdown, how long running launches get to record their instance on the NodeClaim before they are cancelled;
    /// shorter than the host's shutdown timeout (30 s by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
