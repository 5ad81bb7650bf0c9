using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;

namespace Extender.Simulation;

/// <summary>The simulated cluster at one sample: what an invariant checker reads.</summary>
internal sealed record SimulationView(
    DateTimeOffset Now,
    ClusterSnapshot Cluster,
    ReservationSnapshot Reservations,
    IReadOnlyList<NodeClaim> Claims,
    decimal CostPerHour,
    InstanceCatalog Catalog);
