namespace Extender.Provisioning.Metrics;

/// <summary>
/// Told, per pod, when its capacity was requested or reserved on a claim already in flight, and when the pod was
/// detected; the demo's report measures detection to launch per pod with it. Called on the provisioning path: must
/// return at once.
/// </summary>
internal interface ILaunchObserver
{
    void Launched(string nodeClaim, string podUid, DateTimeOffset detectedAt, DateTimeOffset launchedAt);
}
