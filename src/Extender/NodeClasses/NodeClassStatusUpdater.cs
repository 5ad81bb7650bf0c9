using Extender.Aws.InstanceProfiles;
using Extender.Core.Capacity;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;

namespace Extender.NodeClasses;

/// <summary>
/// Writes each EC2NodeClass's resolution (resolved again when its spec changed or the resync is due) to its status, and
/// deletes the instance profiles managed for classes that are gone.
/// </summary>
internal sealed class NodeClassStatusUpdater(
    IObjectCache<EC2NodeClass> classes,
    IObjectCache<NodeClaim> claims,
    NodeClassReadiness readiness,
    IManagedInstanceProfiles profiles,
    StatusWrites writes,
    TimeProvider time,
    ILogger<NodeClassStatusUpdater> logger)
{
    private HashSet<string>? _profilesKeptFor;

    public void Subscribe(Action changed) => classes.Changed += changed;

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        var items = classes.Items;
        var names = items.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        readiness.ForgetAllBut(names);
        await DeleteUnusedProfilesAsync(names, cancellationToken);
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

    /// <summary>
    /// A class's managed profile goes once the class is gone and no NodeClaim names it any more (its instances still
    /// run with the profile until then), as Karpenter's finalizer waits for the class's claims. Listed on this
    /// process's first pass (a class may have gone while no replica ran) and again only when that set changed. A
    /// failure is logged and tried again on the next pass, and never holds up the status writes.
    /// </summary>
    private async Task DeleteUnusedProfilesAsync(HashSet<string> names, CancellationToken cancellationToken)
    {
        names.UnionWith(claims.Items.Select(c => c.Spec.NodeClassRef.Name).Where(n => !string.IsNullOrEmpty(n)));
        if (_profilesKeptFor is not null && _profilesKeptFor.SetEquals(names))
        {
            return;
        }

        try
        {
            await profiles.DeleteAllButAsync(names, cancellationToken);
            _profilesKeptFor = names;
        }
        catch (CapacityException e)
        {
            NodeClassStatusLog.ProfileCleanupFailed(logger, e);
        }
    }
}
