using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Extender.Health;

internal static class HealthServiceCollectionExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddExtenderHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("readiness", tags: [ReadyTag]);
        return services;
    }

    /// <summary><c>/healthz</c> answers whenever the process serves HTTP; <c>/readyz</c> runs the readiness checks.</summary>
    public static IEndpointRouteBuilder MapExtenderHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = report.Status == HealthStatus.Healthy
            ? "ok"
            : string.Join("; ", report.Entries.Values.Select(e => e.Description).Where(d => d is not null));
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
