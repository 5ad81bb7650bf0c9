using System.Collections.Concurrent;
using Extender.Core.Cluster;
using Extender.Provisioning.Detection;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Pods whose launch failed wait before they are planned again (doubling per failure, capped), so that a broken
/// configuration or a throttling cloud is not hammered; kube-scheduler's reports in the meantime are ignored.
/// </summary>
internal sealed class RequeueBackoff(PendingPodChannel channel, IOptions<ProvisionerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Until)> _state = new(StringComparer.Ordinal);

    public bool IsWaiting(string podUid) => _state.TryGetValue(podUid, out var state) && state.Until > time.GetUtcNow();

    /// <summary>Queues <paramref name="pod"/> again after its backoff; returns the delay.</summary>
    public TimeSpan Requeue(Pod pod, CancellationToken cancellationToken)
    {
        var failures = _state.TryGetValue(pod.Uid, out var previous) ? previous.Failures + 1 : 1;
        var delay = Delay(failures, options.Value);
        _state[pod.Uid] = (failures, time.GetUtcNow() + delay);
        _ = RequeueLaterAsync(pod, delay, cancellationToken);
        return delay;
    }

    /// <summary>The pod got capacity: its next failure starts from the base delay again.</summary>
    public void Forget(string podUid) => _state.TryRemove(podUid, out _);

    internal static TimeSpan Delay(int failures, ProvisionerOptions options)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = options.RequeueBaseDelay * factor;
        return delay < options.RequeueMaxDelay ? delay : options.RequeueMaxDelay;
    }

    private async Task RequeueLaterAsync(Pod pod, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            channel.TryWrite(pod);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the next leader rescans pending pods.
        }
    }
}
