using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Kubernetes.Leadership;
using Extender.Kubernetes.Mapping;
using Extender.Kubernetes.State;
using Extender.Provisioning.Detection;
using Extender.Provisioning.Launching;
using Microsoft.Extensions.Options;
using CoreNodeClaim = Extender.Core.Claims.NodeClaim;
using NodeClaimResource = Extender.Kubernetes.CustomResources.NodeClaim;

namespace Extender.Wiring;

/// <summary>
/// Feeds the reservation ledger from the NodeClaim watch, on every replica: kube-scheduler may call a replica that does
/// not lead (mode (b) spreads calls over the Service; in mode (a) the scheduler's lease and the provisioner's lease can
/// be held by different pods), and each must answer with the same reservations. Each changed claim is merged
/// (<see cref="ReservationSnapshot.Merge"/>); the leader's own writes are already in the ledger and merge as no-ops. A
/// replica that stops leading rebuilds from the watch alone, dropping what only it knew.
/// </summary>
internal sealed class ClaimReservationSource : IHostedService
{
    private readonly IObjectCache<NodeClaimResource> _cache;
    private readonly ReservationLedger _ledger;
    private readonly ClusterState _cluster;
    private readonly ClaimNodes _claimNodes;
    private readonly ILeaderStatus _leader;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly Lock _gate = new();
    private Dictionary<string, (string Version, string? ProviderId)> _seen = new(StringComparer.Ordinal);

    public ClaimReservationSource(
        IObjectCache<NodeClaimResource> cache,
        ReservationLedger ledger,
        ClusterState cluster,
        ClaimNodes claimNodes,
        ILeaderStatus leader,
        IOptions<ProvisionerOptions> options,
        TimeProvider time)
    {
        _cache = cache;
        _ledger = ledger;
        _cluster = cluster;
        _claimNodes = claimNodes;
        _leader = leader;
        _time = time;
        _ttl = options.Value.ReservationTtl;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _cache.Changed += OnChanged;
        _leader.LeadershipChanged += OnLeadershipChanged;
        OnChanged();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _cache.Changed -= OnChanged;
        _leader.LeadershipChanged -= OnLeadershipChanged;
        return Task.CompletedTask;
    }

    private void OnChanged()
    {
        lock (_gate)
        {
            var items = _cache.Items;
            var seen = new Dictionary<string, (string Version, string? ProviderId)>(items.Count, StringComparer.Ordinal);
            var changed = new List<CoreNodeClaim>();
            foreach (var item in items)
            {
                var name = item.Metadata?.Name ?? "";
                var version = item.Metadata?.ResourceVersion ?? "";
                var providerId = item.Status?.ProviderID;
                seen[name] = (version, providerId);
                if (!_seen.TryGetValue(name, out var before) || before.Version != version)
                {
                    changed.Add(NodeClaimMapper.ToCore(item));
                }
            }

            var gone = _seen.Where(s => !seen.ContainsKey(s.Key)).ToList();
            _seen = seen;
            foreach (var claim in changed.Where(c => c.Status.ProviderId is not null))
            {
                _claimNodes.ClaimSeen(claim.Name, claim.Status.ProviderId!);
            }

            foreach (var (_, (_, providerId)) in gone)
            {
                if (providerId is not null)
                {
                    _claimNodes.ClaimGone(providerId);
                }
            }

            if (changed.Count == 0 && gone.Count == 0)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _ledger.Update(s =>
            {
                // The pod cache is read here, under the ledger's lock, not before it: a pod bound in between would
                // otherwise be held again after the pod watch released it (a snapshot taken first races the binding).
                var snapshot = _cluster.Current;
                s = changed.Aggregate(s, (next, claim) => next.Merge(claim, uid => IsPending(snapshot, uid), now, _ttl));
                return gone.Aggregate(s, (next, claim) => next.ForgetClaim(claim.Key));
            });
        }
    }

    private void OnLeadershipChanged(bool leading)
    {
        if (leading)
        {
            return;
        }

        lock (_gate)
        {
            var snapshot = _cluster.Current;
            var claims = _cache.Items.Select(NodeClaimMapper.ToCore).ToList();
            var now = _time.GetUtcNow();
            // As in OnChanged, pods are looked up as the rebuild runs under the ledger's lock.
            _ledger.Rebuild(_ => _claimNodes.AttachKnown(ReservationSnapshot.FromClaims(claims, uid => IsPending(_cluster.Current, uid), now, _ttl)), snapshot.PendingPods);
        }
    }

    /// <summary>
    /// A pod the pod watch has not delivered yet counts as pending: the claim watch may run ahead of the pod watch, and
    /// a share skipped now would never be merged again. A pod that turns out bound or gone releases it as it arrives.
    /// </summary>
    private static bool IsPending(ClusterSnapshot snapshot, string uid) => snapshot.FindPod(uid) is not { } pod || PendingPodFilter.IsUnplaced(pod);
}
