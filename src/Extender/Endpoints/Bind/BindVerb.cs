using System.Text.Json;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Endpoints.Filter;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints.Bind;

/// <summary>
/// <c>bind</c>: creates the binding through <see cref="IPodBinder"/>, conditional on the pod's UID, and only for a pod
/// the pod watch shows with that UID, onto a node the filter would pass it for (its reservation and everyone else's
/// counted). Success and refusal are both 200, refusal with the reason in <c>Error</c> (kube-scheduler then unreserves
/// and retries the pod); only unreadable input is a 400. A bound pod's reservation is released by the pod watch, not
/// here: until the watch shows the binding, the pod's room counts nowhere else, and releasing its hold first made that
/// room look free to creation-time detection and to other pods' filters (10,000-pod bursts: pods left to kube-scheduler
/// on room already taken, found unschedulable only 25–60 s later).
/// </summary>
internal sealed partial class BindVerb(
    IPodBinder binder,
    BindAdmission admission,
    ClusterState cluster,
    ReservationLedger reservations,
    IOptions<ExtenderEndpointOptions> options,
    TimeProvider time,
    ILogger<BindVerb> logger) : IExtenderVerb
{
    public string Name => "bind";

    public async ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken)
    {
        var binding = Read(body.Span);
        var error = await BindAsync(binding, cancellationToken);
        JsonSerializer.Serialize(response, new ExtenderBindingResult(error), WireJsonContext.Default.ExtenderBindingResult);
        return StatusCodes.Status200OK;
    }

    private async Task<string> BindAsync(PodBinding binding, CancellationToken cancellationToken)
    {
        // The wait for a turn counts against the same deadline, so the scheduler hears our answer before its own
        // httpTimeout whatever the queue.
        var timeout = options.Value.BindTimeout;
        var expires = time.GetUtcNow() + timeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var turn = await admission.EnterAsync(linked.Token);
            if (turn is null)
            {
                LogBindFailed(binding.Namespace, binding.Name, binding.NodeName, "too many bindings in progress");
                return $"binding {binding}: too many bindings in progress ({options.Value.MaxConcurrentBinds} binding, {options.Value.BindQueueLimit} queued); retry";
            }

            // A turn that comes at the deadline (another bind's slot freed as both timed out) starts nothing: the
            // scheduler is hearing that this bind timed out.
            if (time.GetUtcNow() >= expires)
            {
                return TimedOut(binding, timeout);
            }

            // Judged once the turn is ours: the picture may have changed while the bind waited.
            var (alreadyBound, refusal) = Admit(binding);
            if (alreadyBound)
            {
                return "";
            }

            if (refusal is not null)
            {
                LogBindRefused(binding.Namespace, binding.Name, binding.Uid, binding.NodeName, refusal);
                return $"binding {binding}: {refusal}";
            }

            await binder.BindAsync(binding, linked.Token);
            LogBound(binding.Namespace, binding.Name, binding.NodeName);
            return "";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut(binding, timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the cluster adapter throws is a refused binding the scheduler must hear about (it unreserves
            // and requeues the pod), never a 500 that it would report as a transport failure.
            LogBindFailed(binding.Namespace, binding.Name, binding.NodeName, e.Message);
            return $"binding {binding}: {e.Message}";
        }
    }

    private string TimedOut(PodBinding binding, TimeSpan timeout)
    {
        LogBindFailed(binding.Namespace, binding.Name, binding.NodeName, "timed out");
        return $"binding {binding} timed out after {timeout.TotalSeconds:0.###}s";
    }

    /// <summary>
    /// Judged from the watch-fed picture, not from the request: the pod must be the one the watch shows under that UID
    /// and name, and the node one the filter would pass it for now. <c>AlreadyBound</c>: the watch shows the pod on that
    /// node already (a retry of a bind that succeeded), so there is nothing to do.
    /// </summary>
    private (bool AlreadyBound, string? Refusal) Admit(PodBinding binding)
    {
        var snapshot = cluster.Current;
        if (snapshot.FindPod(binding.Uid) is not { } pod || pod.Namespace != binding.Namespace || pod.Name != binding.Name)
        {
            return (false, $"no pod {binding.Namespace}/{binding.Name} with UID {binding.Uid} in the extender's pod watch");
        }

        if (!string.IsNullOrEmpty(pod.NodeName))
        {
            return pod.NodeName == binding.NodeName ? (true, null) : (false, $"the pod is already bound to node {pod.NodeName}");
        }

        var verdict = FilterVerb.Judge(pod, binding.NodeName, snapshot, reservations.Current);
        return (false, verdict.Passes ? null : $"the filter refuses node {binding.NodeName}: {verdict.Reason}");
    }

    private static PodBinding Read(ReadOnlySpan<byte> body)
    {
        ExtenderBindingArgs? args;
        try
        {
            args = JsonSerializer.Deserialize(body, WireJsonContext.Default.ExtenderBindingArgs);
        }
        catch (JsonException e)
        {
            throw new ExtenderRequestException($"malformed JSON in ExtenderBindingArgs: {e.Message}", e);
        }

        if (args is null)
        {
            throw new ExtenderRequestException("request body must be a JSON ExtenderBindingArgs object");
        }

        return new PodBinding(
            Required(args.PodNamespace, "PodNamespace"),
            Required(args.PodName, "PodName"),
            Required(args.PodUid, "PodUID"),
            Required(args.Node, "Node"));
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new ExtenderRequestException($"{field} is required") : value;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Bound pod {Namespace}/{Pod} to node {Node}")]
    private partial void LogBound(string @namespace, string pod, string node);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Binding pod {Namespace}/{Pod} to node {Node} failed: {Problem}")]
    private partial void LogBindFailed(string @namespace, string pod, string node, string problem);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Refused to bind pod {Namespace}/{Pod} ({PodUid}) to node {Node}: {Problem}")]
    private partial void LogBindRefused(string @namespace, string pod, string podUid, string node, string problem);
}
