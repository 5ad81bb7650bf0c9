using Extender.Core.Consolidation;

namespace Extender.Simulation;

/// <summary>Scale-down steering: the pod-deletion-cost each ReplicaSet pod should carry, written when it changes.</summary>
internal sealed partial class Simulator
{
    private static readonly bool SteerOn = Environment.GetEnvironmentVariable("EXT_STEER") == "1";
    private static readonly TimeSpan SteerMinGap = TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("EXT_STEER_GAP") ?? "0", System.Globalization.CultureInfo.InvariantCulture));
    private readonly Dictionary<string, DateTimeOffset> _costWrittenAt = new(StringComparer.Ordinal);
    private long _costWrites;

    private void Steer()
    {
        var snapshot = _cluster.Current;
        foreach (var (uid, cost) in DeletionCosts.Decide(snapshot.Nodes.Where(n => !n.Node.Unschedulable)))
        {
            if (_deletionCost.GetValueOrDefault(uid) == cost || (_costWrittenAt.TryGetValue(uid, out var at) && Now - at < SteerMinGap))
            {
                continue;
            }

            _deletionCost[uid] = cost;
            _costWrittenAt[uid] = Now;
            _costWrites++;
        }

        Schedule(Now + _trace.DisruptionInterval, Steer);
    }
}
