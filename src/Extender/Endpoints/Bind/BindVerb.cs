using System.Text.Json;
using Extender.Endpoints.Http;
using Extender.Endpoints.Wire;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints.Bind;

/// <summary>
/// <c>bind</c>: creates the binding through <see cref="IPodBinder"/>. Success and refusal are both 200, refusal with
/// the reason in <c>Error</c> (kube-scheduler then unreserves and retries the pod); only unreadable input is a 400.
/// </summary>
internal sealed partial class BindVerb(
    IPodBinder binder,
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
        var timeout = options.Value.BindTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await binder.BindAsync(binding, linked.Token);
            LogBound(binding.Namespace, binding.Name, binding.NodeName);
            return "";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogBindFailed(binding.Namespace, binding.Name, binding.NodeName, "timed out");
            return $"binding {binding} timed out after {timeout.TotalSeconds:0.###}s";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the cluster adapter throws is a refused binding the scheduler must hear about (it unreserves
            // and requeues the pod), never a 500 that it would report as a transport failure.
            LogBindFailed(binding.Namespace, binding.Name, binding.NodeName, e.Message);
            return $"binding {binding}: {e.Message}";
        }
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
}
