using System.Threading.RateLimiting;

namespace Extender.Kubernetes.Client;

/// <summary>
/// Client-side QPS and burst, as client-go's token bucket: requests beyond the burst wait for a token instead of
/// failing. A watch takes one token when it opens; its events are not requests.
/// </summary>
internal sealed class RateLimitingHandler(double qps, int burst) : DelegatingHandler
{
    private readonly TokenBucketRateLimiter _limiter = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = burst,
        TokensPerPeriod = qps >= 10 ? (int)Math.Round(qps / 10) : 1,
        ReplenishmentPeriod = qps >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1 / qps),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }
}
