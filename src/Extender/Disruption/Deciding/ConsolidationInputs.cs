using Extender.Core.Consolidation;
using Extender.Core.Disruption;
using Extender.Core.Reservations;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Deciding;

/// <summary>
/// A consolidation's input: the disruption input and the planner's view of the same snapshot exactly as provisioning
/// builds it (room held for others taken out, capacity in flight, DaemonSets, the offerings available now), with the
/// plannable pending pods that hold no reservation yet, so that a move does not take the room they are about to get.
/// </summary>
internal sealed class ConsolidationInputs(
    ReservationLedger ledger,
    LeftToScheduler left,
    ClaimRegistry registry,
    CatalogCache catalogs,
    UnavailableOfferings availability,
    INodePoolSource nodePools,
    IDaemonSetSource daemonSets,
    IOptions<DetectionOptions> detection,
    IOptions<DisruptionOptions> options)
{
    public async Task<ConsolidationInput> BuildAsync(DisruptionInput input, IReadOnlyList<DisruptionDecision> already, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(cancellationToken);
        var pools = await nodePools.UsableAsync(cancellationToken);
        var reservations = ledger.Current;
        var schedulers = detection.Value.SchedulerNames.ToHashSet(StringComparer.Ordinal);
        var pending = input.Cluster.PendingPods.Where(p => PendingPodFilter.IsPlannable(p, schedulers) && !reservations.Holds(p.Uid)).ToList();
        var planning = PlanInputs.Build(pending, input.Cluster, reservations, left, registry.All, pools, daemonSets.DaemonSetPods, catalog, availability.Apply(catalog));
        return new ConsolidationInput(input, planning)
        {
            AlreadyDisrupting = already,
            Options = new ConsolidationOptions
            {
                SavingsPerDisruption = options.Value.ConsolidationSavingsPerDisruption,
                SpotToSpot = options.Value.SpotToSpotConsolidation,
            },
        };
    }
}
