using Extender.Core.Claims;
using Extender.Disruption.Ports;

namespace Extender.TestKit.Fakes.Disruption;

/// <summary>
/// Records evictions and deletions; a test blocks pods as a PodDisruptionBudget at its limit would (every eviction of
/// them refused with the budget's name) and lifts the block later.
/// </summary>
public sealed class FakePodEvictor : IPodEvictor
{
    private readonly Lock _gate = new();
    private readonly List<PodReference> _evicted = [];
    private readonly List<PodReference> _deleted = [];
    private readonly Dictionary<string, string> _blocked = new(StringComparer.Ordinal);
    private int _refusals;

    public IReadOnlyList<PodReference> Evicted
    {
        get
        {
            lock (_gate)
            {
                return [.. _evicted];
            }
        }
    }

    public IReadOnlyList<PodReference> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Every eviction of <paramref name="podName"/> is refused as <paramref name="budget"/> would refuse it.</summary>
    public void Block(string podName, string budget)
    {
        lock (_gate)
        {
            _blocked[podName] = budget;
        }
    }

    public void Unblock(string podName)
    {
        lock (_gate)
        {
            _blocked.Remove(podName);
        }
    }

    public Task<EvictionResult> EvictAsync(PodReference pod, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_blocked.TryGetValue(pod.Name, out var budget))
            {
                _refusals++;
                return Task.FromResult(EvictionResult.Refused($"Cannot evict pod as it would violate the pod's disruption budget. The disruption budget {budget} needs 1 healthy pods and has 1 currently"));
            }

            _evicted.Add(pod);
            return Task.FromResult(EvictionResult.Done);
        }
    }

    public Task DeleteAsync(PodReference pod, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _deleted.Add(pod);
        }

        return Task.CompletedTask;
    }
}
