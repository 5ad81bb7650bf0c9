namespace Extender.Demo;

/// <summary>
/// One look at the run: pods (created, pending, pending with capacity reserved, bound), NodeClaims whose node has not
/// registered yet, running nodes by instance type and what they cost.
/// </summary>
internal sealed record DemoStatus(
    TimeSpan Elapsed,
    int Pods,
    int Pending,
    int Reserved,
    int Launching,
    int Bound,
    IReadOnlyDictionary<string, int> NodesByType,
    decimal CostPerHour);
