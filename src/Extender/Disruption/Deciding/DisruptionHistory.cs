using Extender.Core.Disruption;

namespace Extender.Disruption.Deciding;

/// <summary>
/// The budgeted disruptions this leader started in the last hour, by NodePool: what a budget's <c>maxPerHour</c>
/// counts. Kept in memory: a new leader counts from its own first decision, so a change of leader can at most start
/// one more hour's allowance early.
/// </summary>
internal sealed class DisruptionHistory(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StartedDisruption>> _byPool = new(StringComparer.Ordinal);

    public void Record(string nodePool, string reason)
    {
        if (reason == DisruptionReasons.Expired)
        {
            return;
        }

        lock (_gate)
        {
            if (!_byPool.TryGetValue(nodePool, out var started))
            {
                _byPool[nodePool] = started = [];
            }

            started.Add(new StartedDisruption(reason, time.GetUtcNow()));
        }
    }

    public IReadOnlyList<StartedDisruption> Started(string nodePool)
    {
        lock (_gate)
        {
            if (!_byPool.TryGetValue(nodePool, out var started))
            {
                return [];
            }

            var since = time.GetUtcNow() - Window;
            started.RemoveAll(s => s.At <= since);
            return [.. started];
        }
    }
}
