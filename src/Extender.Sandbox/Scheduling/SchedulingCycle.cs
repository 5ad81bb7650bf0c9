using Extender.Core.Cluster;
using Extender.Core.Scheduling;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// One scheduling attempt, in kube-scheduler's order: in-tree filters over every node; extender filters in order,
/// each on the previous survivors and only while some node is left; one survivor is taken as is; several are scored
/// (in-tree least-allocated 0..100 plus each extender's score × weight × 10) and the highest total wins, ties going
/// to the first node name, where upstream picks at random.
/// </summary>
internal sealed class SchedulingCycle(SchedulerCache cache, IReadOnlyList<HttpExtender> extenders, ILogger logger)
{
    public async Task<CycleResult> RunAsync(Pod pod, V1Pod apiPod, CancellationToken cancellationToken)
    {
        var snapshot = cache.State.Current;
        if (snapshot.Nodes.Count == 0)
        {
            return CycleResult.Failed(CycleResult.Unschedulable, FitErrorMessage.NoNodesAvailable);
        }

        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var prepared = NodeFit.Prepare(pod, snapshot);
        var feasible = new List<NodeState>();
        foreach (var node in snapshot.Nodes)
        {
            var fit = NodeFit.Evaluate(prepared, node);
            if (fit.Fits)
            {
                feasible.Add(node);
            }
            else
            {
                reasons[node.Node.Name] = fit.Reason;
            }
        }

        foreach (var extender in extenders.Where(e => e.Config.FilterVerb.Length > 0))
        {
            if (feasible.Count == 0)
            {
                break;
            }

            try
            {
                var outcome = await extender.FilterAsync(apiPod, ApiNodes(feasible), cancellationToken);
                foreach (var (node, reason) in outcome.Reasons)
                {
                    reasons[node] = reason;
                }

                var passed = outcome.Passed.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
                feasible = [.. feasible.Where(n => passed.Contains(n.Node.Name))];
            }
            catch (ExtenderException e) when (extender.Config.Ignorable)
            {
                SchedulerLog.IgnorableExtenderFailed(logger, extender.Config.UrlPrefix, e.Message);
            }
            catch (ExtenderException e)
            {
                return CycleResult.Failed(CycleResult.SchedulerError, e.Message);
            }
        }

        return feasible.Count switch
        {
            0 => CycleResult.Failed(CycleResult.Unschedulable, FitErrorMessage.Build(snapshot.Nodes.Count, reasons.Values)),
            1 => CycleResult.Selected(feasible[0].Node.Name),
            _ => CycleResult.Selected(await BestAsync(pod, apiPod, feasible, cancellationToken)),
        };
    }

    private async Task<string> BestAsync(Pod pod, V1Pod apiPod, List<NodeState> feasible, CancellationToken cancellationToken)
    {
        var totals = feasible.ToDictionary(n => n.Node.Name, n => NodeScores.LeastAllocated(pod, n), StringComparer.Ordinal);
        var nodes = ApiNodes(feasible);
        var scoring = extenders.Where(e => e.Config.PrioritizeVerb.Length > 0).Select(e => ScoresAsync(e, apiPod, nodes, cancellationToken));
        foreach (var (extender, scores) in await Task.WhenAll(scoring))
        {
            foreach (var score in scores.Where(s => totals.ContainsKey(s.Host)))
            {
                totals[score.Host] += score.Score * extender.Config.Weight * (NodeScores.MaxNodeScore / NodeScoring.MaxScore);
            }
        }

        return totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).First().Key;
    }

    // Prioritize errors never fail the cycle, whatever `ignorable` says: the extender just adds nothing.
    private async Task<(HttpExtender Extender, IReadOnlyList<HostPriority> Scores)> ScoresAsync(
        HttpExtender extender, V1Pod apiPod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        try
        {
            return (extender, await extender.PrioritizeAsync(apiPod, nodes, cancellationToken));
        }
        catch (ExtenderException e)
        {
            SchedulerLog.PrioritizeFailed(logger, extender.Config.UrlPrefix, e.Message);
            return (extender, []);
        }
    }

    private List<V1Node> ApiNodes(IEnumerable<NodeState> nodes) =>
        [.. nodes.Select(n => cache.FindNode(n.Node.Name)).OfType<V1Node>()];
}
