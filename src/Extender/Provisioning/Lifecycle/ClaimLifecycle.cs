using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Reservations;
using Extender.Disruption.Termination;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Lifecycle;

/// <summary>
/// One pass over the claims: finish deletions (instance first), finish claims whose node was deleted
/// (<see cref="LostCapacity"/>), resume unlaunched claims, register claims whose node appeared, initialize them once
/// Ready without startup taints, and give up on claims that never registered. Each claim advances on its own: one whose
/// step fails is logged, counted and retried on the next pass, and the others go on. Reservations past their TTL are
/// released by <see cref="ReservationUpkeep"/> on every replica.
/// </summary>
internal sealed class ClaimLifecycle(
    INodeClaimStore store,
    INodePatcher nodes,
    ClaimRegistry registry,
    ClaimLauncher launcher,
    CatalogCache catalogs,
    ReservationLedger ledger,
    ClusterState cluster,
    LostCapacity lost,
    NodeTermination termination,
    PodRequeue requeue,
    ProvisionerMetrics metrics,
    IOptions<LifecycleOptions> options,
    IOptions<ProvisionerOptions> provisionerOptions,
    TimeProvider time,
    ILogger<ClaimLifecycle> logger)
{
    private readonly LifecycleOptions _options = options.Value;

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await AdoptUnknownAsync(cancellationToken);
        var snapshot = cluster.Current;
        var byProviderId = snapshot.Nodes.Where(n => n.Node.ProviderId is not null).ToDictionary(n => n.Node.ProviderId!, n => n.Node, StringComparer.Ordinal);
        foreach (var claim in registry.All)
        {
            try
            {
                if (!await FinalizeIfDeletedAsync(claim, snapshot, cancellationToken) && !await lost.FinishIfNodeDeletedAsync(claim, snapshot, byProviderId, cancellationToken))
                {
                    await AdvanceAsync(claim, snapshot, byProviderId, cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.LifecycleError();
                LifecycleLog.ClaimStepFailed(logger, claim.Name, ex);
            }
        }

        await termination.ReleaseOrphansAsync(snapshot, registry.All, cancellationToken);
    }

    /// <summary>
    /// Claims the watch shows that this process never heard it had created: the server made them, but the answer was
    /// lost (a dropped connection, a cancelled or timed-out call). The watch already gave their <c>reservedFor</c> to
    /// the ledger, so unknown they would hold pods without ever launching. Once older than a create can take, each is
    /// adopted: launched by the pass that follows, or deleted unlaunched when its pods were planned elsewhere since.
    /// </summary>
    private async Task AdoptUnknownAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var patience = _options.LaunchRetryAfter > provisionerOptions.Value.CallTimeout ? _options.LaunchRetryAfter : provisionerOptions.Value.CallTimeout;
        foreach (var claim in store.ListCached())
        {
            if (claim.Deleting || now - claim.CreatedAt < patience || registry.Find(claim.Name) is not null)
            {
                continue;
            }

            var holds = ledger.Current.OnClaim(claim.Name)?.Pods.Count ?? 0;
            if (holds == 0 && !claim.IsLaunched)
            {
                using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
                await store.DeleteAsync(claim.Name, call.Token);
                LifecycleLog.AdoptedEmpty(logger, claim.Name);
                continue;
            }

            registry.Upsert(claim);
            LifecycleLog.Adopted(logger, claim.Name, holds);
        }
    }

    private async Task AdvanceAsync(NodeClaim claim, ClusterSnapshot snapshot, Dictionary<string, Node> byProviderId, CancellationToken cancellationToken)
    {
        var age = time.GetUtcNow() - claim.CreatedAt;
        if (!claim.IsLaunched)
        {
            if (age >= _options.LaunchRetryAfter)
            {
                requeue.Requeue(await launcher.LaunchAsync(claim, null, cancellationToken), "CapacityUnavailable", "no capacity for the NodeClaim's offerings; planning again");
            }
        }
        else if (!claim.IsRegistered)
        {
            if (byProviderId.TryGetValue(claim.Status.ProviderId!, out var node))
            {
                await RegisterAsync(claim, node, cancellationToken);
            }
            else if (age >= _options.RegistrationTimeout)
            {
                var released = await launcher.DeleteAsync(claim, cancellationToken);
                metrics.Failed(claim.NodePool, claim.Status.InstanceType ?? "", claim.Status.CapacityType ?? "", "RegistrationTimeout");
                LifecycleLog.RegistrationTimedOut(logger, claim.Name, _options.RegistrationTimeout, claim.Status.ProviderId, released.Count);
                requeue.Requeue(released, "RegistrationTimeout", $"NodeClaim {claim.Name} did not register in time; planning again");
            }
        }
        else if (!claim.IsInitialized && snapshot.FindNode(claim.Status.NodeName!)?.Node is { Ready: true } ready
            && !ready.Taints.Any(t => claim.StartupTaints.Any(s => s.Key == t.Key && s.Effect == t.Effect)))
        {
            await InitializeAsync(claim, cancellationToken);
        }
        else if (snapshot.FindNode(claim.Status.NodeName!)?.Node is { } registered && !registered.Finalizers.Contains(TerminationFinalizer.Name))
        {
            // Nodes registered before the finalizer existed, or whose finalizer was taken off by hand.
            using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
            await nodes.EnsureFinalizerAsync(registered.Name, call.Token);
        }
    }

    private async Task RegisterAsync(NodeClaim claim, Node node, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
        var labels = (await LaunchLabelsAsync(claim, call.Token)).Append(KeyValuePair.Create(WellKnownLabels.NodeClaim, claim.Name))
            .Where(l => !node.Labels.ContainsKey(l.Key))
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var taints = claim.Taints.Where(t => !node.Taints.Any(n => n.Key == t.Key && n.Effect == t.Effect)).ToList();
        if (labels.Count > 0 || taints.Count > 0)
        {
            await nodes.EnsureLabelsAndTaintsAsync(node.Name, labels, taints, call.Token);
        }

        await nodes.EnsureFinalizerAsync(node.Name, call.Token);

        var status = claim.Status with { NodeName = node.Name, Allocatable = node.Allocatable };
        status = status.WithCondition(new(NodeClaimConditionTypes.Registered, true, "Registered", $"node {node.Name}", now));
        await RecordAsync(claim, status, call.Token);
        ledger.Update(s => s.AttachNode(claim.Name, node.Name));
        var latency = now - claim.CreatedAt;
        metrics.Registered(claim.NodePool, claim.Status.InstanceType ?? "", claim.Status.CapacityType ?? "", latency);
        LifecycleLog.Registered(logger, claim.Name, node.Name, latency.TotalSeconds);
    }

    /// <summary>
    /// Everything the node's pods may select on. The kubelet registers with the NodePool's labels and the cloud
    /// controller adds zone and instance type; the instance type's attributes and the Karpenter spellings are added
    /// here, as Karpenter's registration copies a NodeClaim's labels (its instance type's included) onto the Node.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> LaunchLabelsAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(cancellationToken);
        return catalog.Find(claim.Status.InstanceType ?? "") is { } type && claim.Status is { Zone: { } zone, CapacityType: { } capacityType }
            ? NodeLabels.ForLaunch(type, zone, capacityType, claim.Labels)
            : claim.Labels;
    }

    private async Task InitializeAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var status = claim.Status
            .WithCondition(new(NodeClaimConditionTypes.Initialized, true, "Initialized", "node is Ready and its startup taints are gone", now))
            .WithCondition(new(NodeClaimConditionTypes.Ready, true, "Ready", "", now));
        using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
        await RecordAsync(claim, status, call.Token);
        LifecycleLog.Initialized(logger, claim.Name);
    }

    private async Task RecordAsync(NodeClaim claim, NodeClaimStatus status, CancellationToken cancellationToken)
    {
        var recorded = await store.UpdateStatusAsync(claim.Name, status, cancellationToken);
        registry.Update(recorded, c => c with { Status = recorded.Status });
    }

    /// <summary>
    /// A claim or its node deleted (by us or anyone): the finalizers kept them, so the node is drained and the instance
    /// terminated before they go (<see cref="NodeTermination"/>), over as many passes as the drain takes. A claim
    /// missing from the store altogether (finalizer removed by hand) goes the same way once past the grace period.
    /// Read from the watch cache, not a live list per pass; the cache lags our own writes, so an absence is confirmed
    /// live before it counts (a claim created while the watch was down is missing from the cache, not from the store).
    /// </summary>
    private async Task<bool> FinalizeIfDeletedAsync(NodeClaim claim, ClusterSnapshot snapshot, CancellationToken cancellationToken)
    {
        if ((NodeTermination.RequestedAt(claim, snapshot) ?? await DeletedAtAsync(claim, cancellationToken)) is not { } requestedAt)
        {
            return false;
        }

        if (await termination.StepAsync(claim, requestedAt, snapshot, cancellationToken) is not { } released)
        {
            return true;
        }

        LifecycleLog.Finalized(logger, claim.Name, released.Count);
        requeue.Requeue(released, "NodeClaimDeleted", $"NodeClaim {claim.Name} was deleted; planning again");
        return true;
    }

    private async Task<DateTimeOffset?> DeletedAtAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        if (store.FindCached(claim.Name) is { } cached)
        {
            return cached.DeletedAt;
        }

        if (time.GetUtcNow() - claim.CreatedAt < _options.GarbageCollectionGracePeriod)
        {
            return null;
        }

        using var call = CallLimit.Start(provisionerOptions.Value.CallTimeout, cancellationToken);
        return await store.GetAsync(claim.Name, call.Token) switch
        {
            null => time.GetUtcNow(),
            var live => live.DeletedAt,
        };
    }
}
