using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Creates a NodeClaim and reserves its capacity (in memory and in the ledger, so that the next plan sees it), then
/// buys its instance and records the result on the claim. Insufficient capacity hands the pods back for an immediate
/// re-plan; any other classified failure deletes the claim and requeues the pods with backoff. Unclassified failures
/// keep the claim: a retry with the same client token cannot buy twice.
/// </summary>
internal sealed class ClaimLauncher(
    INodeClaimStore store,
    ICapacityProvider capacity,
    ClaimRegistry registry,
    ClaimNodes claimNodes,
    ReservationLedger ledger,
    UnavailableOfferings availability,
    CatalogCache catalogs,
    RequeueBackoff backoff,
    ClusterState cluster,
    IPodEventRecorder events,
    ProvisionerMetrics metrics,
    IOptions<ProvisionerOptions> options,
    TimeProvider time,
    ILogger<ClaimLauncher> logger)
{
    private static readonly IReadOnlyDictionary<string, DateTimeOffset> NoDetections = new Dictionary<string, DateTimeOffset>();

    /// <summary>Writes the claim down and reserves its capacity for its pods; the launch follows (<see cref="LaunchAsync"/>).</summary>
    public async Task<NodeClaim> CreateAsync(NodeClaim intent, CancellationToken cancellationToken)
    {
        NodeClaim claim;
        using (var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken))
        {
            claim = await store.CreateAsync(intent, call.Token);
        }

        registry.Upsert(claim);
        ledger.Update(s => s.Reserve(claim.Name, claim.ReservedFor));
        return claim;
    }

    /// <summary>Launches a claim that is written down but not yet launched (also after a restart); returns the pods to re-plan now.</summary>
    public async Task<IReadOnlyList<ReservedPod>> LaunchAsync(NodeClaim claim, IReadOnlyDictionary<string, DateTimeOffset>? detectedAt, CancellationToken cancellationToken)
    {
        if (!registry.TryBeginLaunch(claim.Name))
        {
            return [];
        }

        try
        {
            var request = Request(claim);
            if (request.Options.Count == 0)
            {
                ProvisionerLog.InsufficientCapacity(logger, claim.Name, 0);
                return await GiveUpAsync(claim, "NoAvailableOffering", cancellationToken);
            }

            ObserveDetectionToLaunch(claim.Name, claim.ReservedFor, detectedAt ?? NoDetections);
            LaunchedInstance instance;
            try
            {
                using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
                instance = await capacity.LaunchAsync(request, call.Token);
            }
            catch (CapacityException ex) when (ex.Kind == CapacityErrorKind.InsufficientCapacity)
            {
                availability.Mark(ex.UnavailableOfferings.Count > 0
                    ? ex.UnavailableOfferings
                    : request.Options.Select(o => new UnavailableOffering(o.InstanceType, o.Zone, o.CapacityType)));
                ProvisionerLog.InsufficientCapacity(logger, claim.Name, request.Options.Count);
                return await GiveUpAsync(claim, nameof(CapacityErrorKind.InsufficientCapacity), cancellationToken);
            }
            catch (CapacityException ex)
            {
                ProvisionerLog.LaunchFailed(logger, claim.Name, ex.Kind.ToString(), ex);
                var released = await GiveUpAsync(claim, ex.Kind.ToString(), cancellationToken);
                RequeueWithBackoff(released, claim.Name, ex.Message, cancellationToken);
                return [];
            }

            await RecordAsync(claim, instance, cancellationToken);
            return [];
        }
        finally
        {
            registry.EndLaunch(claim.Name);
        }
    }

    /// <summary>
    /// Holds room on claims already in flight for the pods a plan put there, in the ledger only and at once, before
    /// any write: a claim's node may register while its write waits, and the extender must not offer the room the
    /// plan just gave these pods to anyone else. <see cref="ReserveOnClaimAsync"/> writes each hold down.
    /// </summary>
    /// <param name="placements">The claims and the pods the plan put on each.</param>
    /// <param name="share">The hold each pod gets; null for <see cref="ClaimFactory.Reserve"/> (a replacement slot passes its own).</param>
    public IReadOnlyList<(string Claim, IReadOnlyList<ReservedPod> Shares)> Hold(IEnumerable<(string Claim, IReadOnlyList<Pod> Pods)> placements, Func<Pod, ReservedPod>? share = null)
    {
        var now = time.GetUtcNow();
        List<(string Claim, IReadOnlyList<ReservedPod> Shares)> holds = [.. placements.Select(p => (p.Claim, (IReadOnlyList<ReservedPod>)[.. p.Pods.Select(pod => share?.Invoke(pod) ?? ClaimFactory.Reserve(pod, now))]))];
        if (holds.Count > 0)
        {
            ledger.Update(s => holds.Aggregate(s, (next, hold) => next.Reserve(hold.Claim, hold.Shares)));
        }

        return holds;
    }

    /// <summary>Adds held pods to a claim's <c>reservedFor</c>: no new launch. A failed write gives the room back.</summary>
    public async Task ReserveOnClaimAsync(string claimName, IReadOnlyList<ReservedPod> shares, IReadOnlyDictionary<string, DateTimeOffset> detectedAt, CancellationToken cancellationToken)
    {
        NodeClaim stored;
        try
        {
            using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
            stored = await store.AddReservedForAsync(claimName, shares, call.Token);
        }
        catch
        {
            ledger.Update(s => s.ReleasePods(shares.Select(p => p.Pod.Uid)));
            throw;
        }

        var claim = registry.Update(stored, c => c with { ReservedFor = stored.ReservedFor });
        ObserveDetectionToLaunch(claimName, shares, detectedAt);
        AnnounceHolder(claim, shares);
    }

    /// <summary>Terminates the claim's instance (if any) and then deletes the claim; returns the pods it held.</summary>
    public async Task<IReadOnlyList<ReservedPod>> DeleteAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
        if (claim.Status.ProviderId is { } providerId)
        {
            await capacity.TerminateAsync(providerId, call.Token);
        }

        await store.DeleteAsync(claim.Name, call.Token);
        registry.Remove(claim.Name);
        return ledger.ReleaseClaim(claim.Name);
    }

    private async Task<IReadOnlyList<ReservedPod>> GiveUpAsync(NodeClaim claim, string reason, CancellationToken cancellationToken)
    {
        var first = claim.PreferredOption;
        metrics.Failed(claim.NodePool, first?.InstanceType ?? "", first?.CapacityType ?? "", reason);
        return await DeleteAsync(claim, cancellationToken);
    }

    private void RequeueWithBackoff(IReadOnlyList<ReservedPod> released, string claimName, string error, CancellationToken cancellationToken)
    {
        var snapshot = cluster.Current;
        foreach (var share in released)
        {
            if (snapshot.FindPod(share.Pod.Uid) is { } pod && PendingPodFilter.IsUnplaced(pod))
            {
                var delay = backoff.Requeue(pod, cancellationToken);
                events.Warning(share.Pod, "LaunchFailed", $"launching NodeClaim {claimName} failed: {error}; retrying in {delay.TotalSeconds:0.#}s");
            }
        }
    }

    private async Task RecordAsync(NodeClaim claim, LaunchedInstance instance, CancellationToken cancellationToken)
    {
        claimNodes.Launched(claim, instance.ProviderId);
        var status = claim.Status with
        {
            ProviderId = instance.ProviderId,
            InstanceType = instance.InstanceType,
            Zone = instance.Zone,
            CapacityType = instance.CapacityType,
            PricePerHour = instance.PricePerHour,
            Allocatable = catalogs.Current?.Find(instance.InstanceType)?.Allocatable ?? claim.Status.Allocatable,
        };
        status = status.WithCondition(new NodeClaimCondition(NodeClaimConditionTypes.Launched, true, "Launched", instance.InstanceId, time.GetUtcNow()));
        NodeClaim recorded;
        using (var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken))
        {
            recorded = await store.UpdateStatusAsync(claim.Name, status, call.Token);
        }

        // Later batches may have added pods (in-flight placements) since the claim was read; keep the registry's spec.
        var current = registry.Update(recorded, c => c with { Status = recorded.Status });
        metrics.Launched(claim.NodePool, instance.InstanceType, instance.CapacityType);
        ProvisionerLog.Launched(logger, claim.Name, instance.InstanceId, instance.InstanceType, instance.Zone, instance.CapacityType, claim.ReservedFor.Count);
        AnnounceHolder(current, claim.ReservedFor);
    }

    private void AnnounceHolder(NodeClaim claim, IEnumerable<ReservedPod> shares)
    {
        var type = claim.Status.InstanceType ?? claim.PreferredOption?.InstanceType ?? "unknown";
        foreach (var share in shares)
        {
            backoff.Forget(share.Pod.Uid);
            events.Normal(share.Pod, "CapacityReserved", $"NodeClaim {claim.Name} ({type}) holds capacity for this pod");
        }
    }

    private void ObserveDetectionToLaunch(string claimName, IEnumerable<ReservedPod> shares, IReadOnlyDictionary<string, DateTimeOffset> detectedAt)
    {
        var now = time.GetUtcNow();
        foreach (var share in shares)
        {
            if (detectedAt.TryGetValue(share.Pod.Uid, out var detected))
            {
                metrics.DetectionToLaunch(claimName, share.Pod.Uid, detected, now);
            }
        }
    }

    private LaunchRequest Request(NodeClaim claim) => new(
        claim.Name,
        claim.ClientToken,
        claim.NodePool,
        claim.NodeClass,
        [.. claim.Options.Where(o => availability.IsAvailable(o.InstanceType, o.Zone, o.CapacityType))],
        claim.Labels,
        claim.Taints,
        claim.StartupTaints,
        new Dictionary<string, string>
        {
            [WellKnownLabels.NodeClaim] = claim.Name,
            [WellKnownLabels.NodePool] = claim.NodePool,
        });
}
