using Extender.Core.Catalog;

namespace Extender.Core.Disruption;

/// <summary>
/// The finalizer on every NodeClaim and on the Node it registers as (Karpenter's <c>karpenter.sh/termination</c>):
/// deleting either, by us or by <c>kubectl delete</c>, only marks it, and the node is drained and its instance
/// terminated before the finalizer comes off.
/// </summary>
public static class TerminationFinalizer
{
    public const string Name = WellKnownLabels.Group + "/termination";
}
