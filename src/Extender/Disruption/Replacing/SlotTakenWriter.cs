using System.Net;
using System.Threading.Channels;
using Extender.Core.Reservations;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Ports;
using k8s.Autorest;
using Microsoft.Extensions.Options;

namespace Extender.Disruption.Replacing;

/// <summary>
/// Writes down, on the leader, each replacement slot a new pod took (<see cref="ReservationLedger.SlotTaken"/>): the
/// slot's entry in the claim's <c>reservedFor</c> becomes the pod's own. Without it a replica that rebuilds from the
/// claims (a restart, a new leader) would open the slot again and hold its room, refused to every other pod, until
/// the TTL, for a pod that had already bound. Followers take slots too (each answers the scheduler), but only the
/// leader writes; a slot taken while no one leads is taken again after the rebuild (<see cref="ReservationLedger.Rebuild"/>).
/// </summary>
internal sealed partial class SlotTakenWriter(
    ReservationLedger ledger,
    INodeClaimStore store,
    ILeadership leadership,
    IOptions<ProvisionerOptions> options,
    TimeProvider time,
    ILogger<SlotTakenWriter> logger) : BackgroundService
{
    private const int Attempts = 3;

    // Bounded: a slot is taken once per evicted pod; when full, the rebuild path still recovers what is dropped.
    private readonly Channel<SlotTaken> _queue = Channel.CreateBounded<SlotTaken>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ledger.SlotTaken += OnSlotTaken;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        ledger.SlotTaken -= OnSlotTaken;
        return base.StopAsync(cancellationToken);
    }

    private void OnSlotTaken(SlotTaken taken)
    {
        if (leadership.IsLeader)
        {
            _queue.Writer.TryWrite(taken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var taken in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(taken, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Writes one taking down, retrying a failed write twice; a claim that is gone has nothing to hold.</summary>
    internal async Task WriteAsync(SlotTaken taken, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                using var call = CallLimit.Start(options.Value.CallTimeout, cancellationToken);
                await store.TakeSlotAsync(taken.ClaimName, taken.SlotUid, taken.Hold, call.Token);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogWriteFailed(logger, taken.ClaimName, taken.Hold.Pod.Name, attempt, e.Message);
                if (attempt < Attempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken);
                }
            }
        }
    }

    [LoggerMessage(5244, LogLevel.Warning, "{NodeClaim}: could not record that pod {Pod} took a replacement slot (attempt {Attempt}): {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string nodeClaim, string pod, int attempt, string error);
}
