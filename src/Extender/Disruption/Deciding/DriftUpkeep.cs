using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;

namespace Extender.Disruption.Deciding;

/// <summary>
/// What drift needs before a pass decides: claims stamped by another hashing scheme (or before hashes existed)
/// re-stamped with today's hashes, as Karpenter's NodePool and EC2NodeClass hash controllers do when the hash version
/// changes, so that a new scheme never rolls the fleet; and a fresh enough read of what the instances run with.
/// </summary>
internal sealed class DriftUpkeep(
    ClaimRegistry registry,
    INodeClaimStore store,
    INodePoolSource pools,
    INodeClassDrift nodeClasses,
    LaunchedInstances instances,
    ILogger<DriftUpkeep> logger)
{
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await RestampAsync(cancellationToken);
        try
        {
            await instances.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            DeciderLog.InstancesUnread(logger, ex);
        }
    }

    private async Task RestampAsync(CancellationToken cancellationToken)
    {
        var byName = pools.NodePools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var claim in registry.All.Where(c => !c.Deleting))
        {
            var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var stamp in new[]
            {
                StaticHash.NodePool.Restamp(byName.GetValueOrDefault(claim.NodePool)?.TemplateHash, claim),
                StaticHash.NodeClass.Restamp(nodeClasses.Hash(claim.NodeClass), claim),
            })
            {
                foreach (var (key, value) in stamp ?? new Dictionary<string, string>())
                {
                    annotations[key] = value;
                }
            }

            if (annotations.Count == 0)
            {
                continue;
            }

            try
            {
                var written = await store.AnnotateAsync(claim.Name, annotations, cancellationToken);
                registry.Update(written, c => c with { Annotations = written.Annotations });
                DeciderLog.Restamped(logger, claim.Name, string.Join(", ", annotations.Keys));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                DeciderLog.RestampFailed(logger, claim.Name, ex);
            }
        }
    }
}
