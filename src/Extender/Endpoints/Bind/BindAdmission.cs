using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints.Bind;

/// <summary>
/// How many <c>bind</c> calls may wait on the API server at once, and how many may queue for a turn. kube-scheduler
/// binds in a goroutine per pod, so while the API server is slow its binds pile up, each on a connection of its own;
/// unbounded, they took every connection the listener allows and its <c>filter</c> calls were refused (issue 24's
/// 10,000-pod bursts). A bind beyond the queue, or still queued at its deadline, is answered at once with an error
/// (kube-scheduler unreserves and retries the pod), so its connection is free again and the other verbs always have
/// connections left (<see cref="BindAdmissionValidator"/>).
/// </summary>
internal sealed class BindAdmission(IOptions<ExtenderEndpointOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentBinds,
        QueueLimit = options.Value.BindQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>A turn to bind (dispose it when done), or null when the queue is full; throws when <paramref name="cancellationToken"/> ends the wait.</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
