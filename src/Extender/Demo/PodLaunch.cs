namespace Extender.Demo;

/// <summary>When a pod was first detected and its capacity first requested, and the claim that holds it now.</summary>
internal sealed record PodLaunch(DateTimeOffset DetectedAt, DateTimeOffset LaunchedAt, string LastClaim)
{
    public TimeSpan DetectionToLaunch => LaunchedAt - DetectedAt;
}
