using Extender.Core.Disruption;

namespace Extender.Simulation;

/// <summary>The disruption path: the production decisions every <see cref="SimulationTrace.DisruptionInterval"/>, carried out at once.</summary>
internal sealed partial class Simulator
{
    private readonly List<(string Pool, StartedDisruption Started)> _started = [];

    private void Disrupt()
    {
        var reservations = _ledger.Current;
        var hourAgo = Now - TimeSpan.FromHours(1);
        _started.RemoveAll(s => s.Started.At <= hourAgo);
        var plan = Disruptions.Decide(new DisruptionInput(
            [.. _claims.Values],
            _cluster.Current,
            _poolsByName,
            claim => reservations.OnClaim(claim.Name) is { Pods.Count: > 0 },
            node => _nodes[node].LastPodChange,
            (_, _, _) => null,
            Now)
        {
            Started = pool => [.. _started.Where(s => s.Pool == pool).Select(s => s.Started)],
        });
        foreach (var decision in plan.Disrupt)
        {
            if (decision.Reason != DisruptionReasons.Expired)
            {
                _started.Add((decision.Claim.NodePool, new StartedDisruption(decision.Reason, Now)));
            }

            Terminate(decision.Claim.Name, decision.Reason);
        }

        Schedule(Now + _trace.DisruptionInterval, Disrupt);
    }

    /// <summary>Drains the node (its pods are evicted and wait for a place again) and terminates its instance.</summary>
    private void Terminate(string name, string reason)
    {
        var snapshot = _cluster.Current;
        foreach (var pod in snapshot.PodsBoundTo(name).Where(Drain.IsDrainable).ToList())
        {
            var evicted = pod with { NodeName = null, Phase = "Pending" };
            _cluster.UpsertPod(evicted);
            _recorder.Evicted();
            Queue(evicted);
        }

        _cluster.DeleteNode(name);
        _ledger.Update(s => s.ForgetClaim(name));
        _claims.Remove(name);
        _recorder.Terminated(_nodes[name].PricePerHour, reason);
        _nodes.Remove(name);
    }
}
