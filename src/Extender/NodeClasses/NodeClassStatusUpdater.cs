using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;

namespace Extender.NodeClasses;

/// <summary>Writes each EC2NodeClass's resolution (resolved again when its spec changed or the resync is due) to its status.</summary>
internal sealed class NodeClassStatusUpdater(IObjectCache<EC2NodeClass> classes, NodeClassReadiness readiness, StatusWrites writes, TimeProvider time)
{
    public void Subscribe(Action changed) => classes.Changed += changed;

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var items = classes.Items;
        readiness.ForgetAllBut(items.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal));
        foreach (var resource in items)
        {
            var state = await readiness.ResyncAsync(resource.Metadata.Name, cancellationToken);

            // A spec changed since this pass began is resolved and written by the pass its change wakes.
            if (state.Status is null || state.Generation != (resource.Metadata.Generation ?? 0))
            {
                continue;
            }

            var status = NodeClassStatusMapper.ToResource(state.Status, state.Generation, resource.Status, time.GetUtcNow());
            await writes.WriteAsync(resource, status, cancellationToken);
        }
    }
}
