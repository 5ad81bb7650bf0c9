using Extender.Core.Resources;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.Provisioning.Launching;

namespace Extender.NodeClasses;

/// <summary>
/// What each NodePool's claims hold, as Karpenter counts a NodePool's <c>status.resources</c>: the machine capacity of
/// every claim that has an instance (not its allocatable), and <c>nodes</c>, how many they are.
/// </summary>
internal sealed class LaunchedCapacity(IObjectCache<NodeClaim> claims, CatalogCache catalogs)
{
    public const string NodesResource = "nodes";

    public void Subscribe(Action changed) => claims.Changed += changed;

    public async Task<IReadOnlyDictionary<string, ResourceList>> ByNodePoolAsync(CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(cancellationToken);
        var sums = new Dictionary<string, ResourceList>(StringComparer.Ordinal);
        foreach (var claim in claims.Items)
        {
            if (claim.Status?.InstanceType is { } typeName && catalog.Find(typeName) is { } type)
            {
                var pool = claim.Spec.NodePool;
                var node = (type.Capacity ?? type.Allocatable).With(NodesResource, 1000);
                sums[pool] = sums.TryGetValue(pool, out var sum) ? sum.Add(node) : node;
            }
        }

        return sums;
    }
}
