using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Extender.Health;

/// <summary>Folds every <see cref="IReadinessCheck"/> into the one health check behind <c>/readyz</c>.</summary>
internal sealed class ReadinessHealthCheck(IEnumerable<IReadinessCheck> checks) : IHealthCheck
{
    private readonly IReadinessCheck[] _checks = [.. checks];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = _checks.Where(c => !c.IsReady).Select(c => c.Name).ToArray();
        return Task.FromResult(waiting.Length == 0
            ? HealthCheckResult.Healthy("ready")
            : HealthCheckResult.Unhealthy($"not ready: {string.Join(", ", waiting)}"));
    }
}
