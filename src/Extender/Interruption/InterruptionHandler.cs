using System.Globalization;
using Extender.Core.Capacity;
using Extender.Core.Claims;
using Extender.Core.Cluster;
using Extender.Core.Interruption;
using Extender.Disruption.Ports;
using Extender.Disruption.Replacing;
using Extender.Provisioning.Availability;
using Extender.Provisioning.Ports;
using Microsoft.Extensions.Options;

namespace Extender.Interruption;

/// <summary>
/// One message's response: find the instance's NodeClaim, mark its offering, and, for a warning that the instance is
/// being taken back or an announced scheduled change, reserve room for its pods at once (<see cref="IReplacementPreparation"/>:
/// their replacements launch now, and eviction waits for them until the deadline the instance's end leaves), then
/// request its deletion; a rebalance recommendation on a NodePool that opts in marks the claim for the disruption
/// loop instead (<see cref="RebalanceRecommendations"/>); record events.
/// </summary>
internal sealed class InterruptionHandler(
    INodeClaimStore claims,
    INodePoolSource nodePools,
    ClusterState cluster,
    IReplacementPreparation replacements,
    UnavailableOfferings unavailable,
    IDisruptionEvents events,
    InterruptionMetrics metrics,
    IOptions<ReplacementOptions> replacementOptions,
    TimeProvider time,
    ILogger<InterruptionHandler> logger)
{
    private readonly TimeSpan _notice = replacementOptions.Value.InterruptionNotice;

    public async Task HandleAsync(QueuedMessage queued, CancellationToken cancellationToken)
    {
        var parsed = InterruptionParser.Parse(queued.Body);
        if (parsed.Message is not { } message)
        {
            metrics.Received(InterruptionMetrics.UnparseableKind);
            InterruptionLog.Unparseable(logger, queued.MessageId, parsed.Problem ?? "");
            return;
        }

        await HandleAsync(message, cancellationToken);
    }

    /// <summary>Answers one event, from the queue or from the status check, for the instances that are this cluster's NodeClaims.</summary>
    public async Task HandleAsync(InterruptionMessage message, CancellationToken cancellationToken)
    {
        var delay = time.GetUtcNow() - message.Time;
        metrics.Received(message.Kind.ToString());
        metrics.QueueDelay(delay);
        if (InterruptionResponse.For(message.Kind) == InterruptionAction.None)
        {
            return;
        }

        var byInstance = ClaimsByInstance();
        foreach (var instanceId in message.InstanceIds)
        {
            // Instances that are not ours (other node groups in the account) share the queue: nothing to do.
            if (byInstance.TryGetValue(instanceId, out var claim))
            {
                var action = InterruptionResponse.For(message.Kind, nodePools.NodePools.Any(p => p.Name == claim.NodePool && p.ReplacesOnRebalanceRecommendation));
                await RespondAsync(message, action, instanceId, claim, delay, cancellationToken);
            }
        }
    }

    public void Deleted() => metrics.Deleted();

    /// <summary>
    /// Marks the offering of every instance a received batch warns about before any message is answered: the batch's
    /// replacements are planned together, and one planned before a sibling's offering was marked could be bought on
    /// capacity that is itself being taken back.
    /// </summary>
    public void MarkOfferings(IReadOnlyList<QueuedMessage> batch)
    {
        var byInstance = ClaimsByInstance();
        foreach (var queued in batch)
        {
            if (InterruptionParser.Parse(queued.Body).Message is { } message && InterruptionResponse.For(message.Kind) == InterruptionAction.MarkUnavailableAndDelete)
            {
                foreach (var instanceId in message.InstanceIds)
                {
                    if (byInstance.TryGetValue(instanceId, out var claim))
                    {
                        MarkOffering(claim);
                    }
                }
            }
        }
    }

    private async Task RespondAsync(InterruptionMessage message, InterruptionAction action, string instanceId, NodeClaim claim, TimeSpan delay, CancellationToken cancellationToken)
    {
        var reason = message.Kind.ToString();
        var text = $"{message.DetailType} for instance {instanceId} ({InterruptionResponse.Describe(action)})";
        if (claim.Status.NodeName is { } node)
        {
            events.OnNode(node, action != InterruptionAction.EventOnly, reason, text);
        }

        events.OnClaim(claim, action != InterruptionAction.EventOnly, reason, text);
        if (action == InterruptionAction.MarkUnavailableAndDelete)
        {
            MarkOffering(claim);
        }

        // A scheduled change's instance goes at its start time; a warning's, when the notice runs out.
        if (action is InterruptionAction.MarkUnavailableAndDelete or InterruptionAction.ReserveAndDelete && !claim.Deleting && NodeOf(claim) is { } state)
        {
            await replacements.PrepareAsync(claim, state, message.StartsAt ?? message.Time + _notice, cancellationToken);
        }

        if (action is InterruptionAction.Delete or InterruptionAction.ReserveAndDelete or InterruptionAction.MarkUnavailableAndDelete && !claim.Deleting)
        {
            await claims.RequestDeletionAsync(claim.Name, cancellationToken);
        }

        if (action == InterruptionAction.Replace && !claim.Deleting && !claim.Annotations.ContainsKey(RebalanceRecommendations.ClaimAnnotation))
        {
            await claims.AnnotateAsync(claim.Name, new Dictionary<string, string> { [RebalanceRecommendations.ClaimAnnotation] = message.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) }, cancellationToken);
        }

        metrics.Acted(action, message.Kind);
        InterruptionLog.Handled(logger, reason, instanceId, claim.Name, claim.Status.NodeName, action.ToString(), delay.TotalMilliseconds);
    }

    private void MarkOffering(NodeClaim claim)
    {
        if (claim.Status is { InstanceType: { } type, Zone: { } zone, CapacityType: { } capacityType })
        {
            unavailable.Mark([new UnavailableOffering(type, zone, capacityType)]);
        }
    }

    /// <summary>The claim's node: by the name its registration wrote, else by its instance (a registration still being written).</summary>
    private NodeState? NodeOf(NodeClaim claim)
    {
        var snapshot = cluster.Current;
        return claim.Status.NodeName is { } name
            ? snapshot.FindNode(name)
            : snapshot.Nodes.FirstOrDefault(n => n.Node.ProviderId is { } id && id == claim.Status.ProviderId);
    }

    private Dictionary<string, NodeClaim> ClaimsByInstance()
    {
        var byInstance = new Dictionary<string, NodeClaim>(StringComparer.Ordinal);
        foreach (var claim in claims.ListCached())
        {
            // providerID is aws:///<zone>/<instance-id>; the instance id is what EC2's events name.
            if (claim.Status.ProviderId is { } providerId && providerId.LastIndexOf('/') is var slash and >= 0)
            {
                byInstance[providerId[(slash + 1)..]] = claim;
            }
        }

        return byInstance;
    }
}
