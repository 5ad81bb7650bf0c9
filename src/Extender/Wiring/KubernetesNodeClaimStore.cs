using Extender.Core.Claims;
using Extender.Core.Disruption;
using Extender.Disruption.Ports;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using Extender.Kubernetes.Writes;
using Extender.Provisioning.Ports;
using k8s;
using CoreNodeClaim = Extender.Core.Claims.NodeClaim;
using ResourceNodeClaim = Extender.Kubernetes.CustomResources.NodeClaim;

namespace Extender.Wiring;

/// <summary>The provisioner's claim store over the NodeClaim custom resource and its watch cache.</summary>
internal sealed class KubernetesNodeClaimStore(IKubernetes client, INodeClaimWriter writer, IObjectCache<ResourceNodeClaim> cache, INodeClassDrift nodeClasses) : INodeClaimStore
{
    /// <summary>Holds a deleted claim until its instance is terminated (the lifecycle loop removes it).</summary>
    public const string Finalizer = Core.Disruption.TerminationFinalizer.Name;

    public async Task<IReadOnlyList<CoreNodeClaim>> ListAsync(CancellationToken cancellationToken)
    {
        // Live, not from the watch cache: at leader start the cache may lag behind the previous leader's writes.
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<ResourceNodeClaim>>(
            CustomResourceGroup.Group, CustomResourceGroup.Version, ResourceNodeClaim.Plural, cancellationToken: cancellationToken);
        return [.. list.Items.Select(NodeClaimMapper.ToCore)];
    }

    public IReadOnlyList<CoreNodeClaim> ListCached() => [.. cache.Items.Select(NodeClaimMapper.ToCore)];

    public CoreNodeClaim? FindCached(string name) => cache.Get(name) is { } cached ? NodeClaimMapper.ToCore(cached) : null;

    public async Task<CoreNodeClaim?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var claim = await client.CustomObjects.GetClusterCustomObjectAsync<ResourceNodeClaim>(
                CustomResourceGroup.Group, CustomResourceGroup.Version, ResourceNodeClaim.Plural, name, cancellationToken: cancellationToken);
            return NodeClaimMapper.ToCore(claim);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<CoreNodeClaim> CreateAsync(CoreNodeClaim claim, CancellationToken cancellationToken)
    {
        try
        {
            var created = await writer.CreateAsync(NodeClaimMapper.ToResource(Stamped(claim), Finalizer), cancellationToken);
            return NodeClaimMapper.ToCore(created);
        }
        catch (Exception ex) when (MaybeMade(ex) && !cancellationToken.IsCancellationRequested)
        {
            // The server may have made the claim all the same, and a claim nobody knows of would hold its pods'
            // reservations unlaunched. Its name is ours, so ask, and take it if it is the claim this call wrote.
            if (await GetAsync(claim.Name, cancellationToken) is { } made && IsTheSameRequest(made, claim))
            {
                return made;
            }

            throw;
        }
    }

    /// <summary>
    /// Whether a create that failed this way may have been applied: the connection dropped or the client gave up
    /// before the answer came, or the server says the name exists (an earlier attempt's answer was lost).
    /// </summary>
    private static bool MaybeMade(Exception ex) =>
        ex is HttpRequestException or IOException or TimeoutException or TaskCanceledException
        || ex is k8s.Autorest.HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.Conflict };

    /// <summary>
    /// The stored claim is the one <paramref name="sent"/> asked for: the server gives the UID (and with it the client
    /// token), so the name, the pool and the pods it holds room for are what identify a request.
    /// </summary>
    private static bool IsTheSameRequest(CoreNodeClaim made, CoreNodeClaim sent) =>
        made.NodePool == sent.NodePool
        && made.ReservedFor.Select(r => r.Pod.Uid).Order(StringComparer.Ordinal).SequenceEqual(sent.ReservedFor.Select(r => r.Pod.Uid).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    public Task WarmUpCreateAsync(CoreNodeClaim claim, CancellationToken cancellationToken) =>
        writer.DryRunCreateAsync(NodeClaimMapper.ToResource(Stamped(claim), Finalizer), cancellationToken);

    public async Task<CoreNodeClaim> UpdateStatusAsync(string name, Core.Claims.NodeClaimStatus status, CancellationToken cancellationToken)
    {
        var written = NodeClaimMapper.ToResource(status);
        var updated = await writer.UpdateStatusAsync(name, current =>
        {
            current.ProviderID = written.ProviderID;
            current.InstanceType = written.InstanceType;
            current.Zone = written.Zone;
            current.CapacityType = written.CapacityType;
            current.PricePerHour = written.PricePerHour;
            current.NodeName = written.NodeName;
            current.Allocatable = written.Allocatable;
            current.Conditions = written.Conditions;
        }, cancellationToken);
        return NodeClaimMapper.ToCore(updated);
    }

    public async Task<CoreNodeClaim> AddReservedForAsync(string name, IReadOnlyList<ReservedPod> pods, CancellationToken cancellationToken)
    {
        var updated = await writer.UpdateAsync(name, current =>
        {
            var reserved = current.Spec.ReservedFor ?? [];
            var known = reserved.Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
            current.Spec.ReservedFor = [.. reserved, .. pods.Where(p => !known.Contains(p.Pod.Uid)).Select(NodeClaimMapper.Reservation)];
        }, cancellationToken);
        return NodeClaimMapper.ToCore(updated);
    }

    public async Task<CoreNodeClaim> TakeSlotAsync(string name, string slotUid, ReservedPod hold, CancellationToken cancellationToken)
    {
        var updated = await writer.UpdateAsync(name, current =>
        {
            var reserved = current.Spec.ReservedFor ?? [];
            // The entry keeps the slot's key, so that the claim still shows whose replacement the room was held for.
            current.Spec.ReservedFor = [.. reserved.Select(r => r.Uid == slotUid ? Taken(NodeClaimMapper.Reservation(hold), r.Replaces) : r)];
        }, cancellationToken);
        return NodeClaimMapper.ToCore(updated);
    }

    private static NodeClaimReservation Taken(NodeClaimReservation own, NodeClaimReplacement? slotKey)
    {
        own.Replaces = slotKey;
        return own;
    }

    public async Task<CoreNodeClaim> AnnotateAsync(string name, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        var updated = await writer.UpdateAsync(name, current =>
        {
            var merged = current.Metadata.Annotations ?? new Dictionary<string, string>();
            foreach (var (key, value) in annotations)
            {
                merged[key] = value;
            }

            current.Metadata.Annotations = merged;
        }, cancellationToken);
        return NodeClaimMapper.ToCore(updated);
    }

    public Task RequestDeletionAsync(string name, CancellationToken cancellationToken) => writer.DeleteAsync(name, cancellationToken);

    /// <summary>
    /// Adds the node class's drift hash, as Karpenter's AWS provider stamps it when it launches: the class is the
    /// cloud adapter's, so the planner that wrote the claim does not know it.
    /// </summary>
    private CoreNodeClaim Stamped(CoreNodeClaim claim)
    {
        var stamp = StaticHash.NodeClass.Stamp(nodeClasses.Hash(claim.NodeClass));
        return stamp.Count == 0 ? claim : claim with { Annotations = new Dictionary<string, string>(claim.Annotations.Concat(stamp), StringComparer.Ordinal) };
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await writer.UpdateAsync(name, current => current.Metadata.Finalizers = [.. (current.Metadata.Finalizers ?? []).Where(f => f != Finalizer)], cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        await writer.DeleteAsync(name, cancellationToken);
    }
}
