namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// Random faults for a soak: each request of a user whose name contains <see cref="User"/> (every user when null)
/// fails with probability <see cref="Rate"/>, as one of the ways a real API server or the network between fails:
/// 500, 503, 429 (with <c>Retry-After</c>), 409 on an update, a reset before or after the request was applied, or an
/// answer <see cref="SlowBy"/> late. Watch streams are not failed here (<see cref="SandboxApiServer.DropWatches"/> does
/// that). Seeded, so a run can be repeated.
/// </summary>
public sealed record ApiChaos(double Rate, int Seed, string? User = null)
{
    /// <summary>How late a slow answer is.</summary>
    public TimeSpan SlowBy { get; init; } = TimeSpan.FromSeconds(2);
}
