using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using k8s.Models;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// Calls one extender as kube-scheduler's <c>HTTPExtender</c> does: POST of compact JSON to
/// <c>urlPrefix/verb</c>, the whole exchange under <c>httpTimeout</c>, only HTTP 200 with a non-empty body accepted,
/// and the first JSON value of the body decoded with case-insensitive keys.
/// </summary>
internal sealed class HttpExtender(ExtenderConfig config, HttpClient http, TimeProvider time, SchedulerMetrics metrics)
{
    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.General) { PropertyNameCaseInsensitive = true };
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    public ExtenderConfig Config => config;

    /// <summary>
    /// Filters <paramref name="nodes"/>; a <c>{}</c> or <c>null</c> answer passes none. Throws
    /// <see cref="ExtenderException"/> on any failure, including a node name that was not in the request.
    /// </summary>
    public async Task<FilterOutcome> FilterAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var body = ExtenderRequest.Args(pod, nodes, config.NodeCacheCapable);
        var result = await SendAsync<ExtenderFilterResult>(config.FilterVerb, SchedulerMetrics.Filter, body, cancellationToken);
        if (!string.IsNullOrEmpty(result?.Error))
        {
            throw new ExtenderException(result.Error);
        }

        var reasons = new Dictionary<string, string>(result?.FailedNodes ?? [], StringComparer.Ordinal);
        foreach (var (node, reason) in result?.FailedAndUnresolvableNodes ?? [])
        {
            reasons[node] = reason;
        }

        return new FilterOutcome(Survivors(result, nodes), reasons);
    }

    /// <summary>The extender's scores; hosts that were not in the request are dropped.</summary>
    public async Task<IReadOnlyList<HostPriority>> PrioritizeAsync(V1Pod pod, IReadOnlyList<V1Node> nodes, CancellationToken cancellationToken)
    {
        var body = ExtenderRequest.Args(pod, nodes, config.NodeCacheCapable);
        var result = await SendAsync<List<HostPriority>>(config.PrioritizeVerb, SchedulerMetrics.Prioritize, body, cancellationToken);
        return result ?? [];
    }

    /// <summary>Asks the extender to bind; it must create the Binding itself. Throws <see cref="ExtenderException"/> on failure.</summary>
    public async Task BindAsync(V1Pod pod, string node, CancellationToken cancellationToken)
    {
        var args = new ExtenderBindingArgs(pod.Metadata.Name, pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Uid ?? "", node);
        var result = await SendAsync<ExtenderBindingResult>(config.BindVerb, SchedulerMetrics.Bind, JsonSerializer.SerializeToUtf8Bytes(args), cancellationToken);
        if (result is null)
        {
            throw new ExtenderException($"extender {config.UrlPrefix} answered bind with null");
        }

        if (!string.IsNullOrEmpty(result.Error))
        {
            throw new ExtenderException(result.Error);
        }
    }

    private List<V1Node> Survivors(ExtenderFilterResult? result, IReadOnlyList<V1Node> input)
    {
        IEnumerable<string>? names = config.NodeCacheCapable && result?.NodeNames is { } cached
            ? cached
            : result?.Nodes?.Items?.Select(n => n.Metadata?.Name ?? "");
        if (names is null)
        {
            return [];
        }

        var byName = input.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        var passed = new List<V1Node>();
        foreach (var name in names)
        {
            if (!byName.TryGetValue(name, out var node))
            {
                throw new ExtenderException($"extender \"{config.UrlPrefix}\" claims a filtered node \"{name}\" which is not found in the input node list");
            }

            passed.Add(node);
        }

        return passed;
    }

    private async Task<T?> SendAsync<T>(string verb, string role, byte[] body, CancellationToken cancellationToken)
    {
        metrics.CountExtenderCall(role);
        var url = config.UrlFor(verb);
        using var timeout = new CancellationTokenSource(config.EffectiveTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[] response;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = JsonContentType;
            using var reply = await http.PostAsync(url, content, linked.Token);
            if (reply.StatusCode != HttpStatusCode.OK)
            {
                throw new ExtenderException($"failed {verb} with extender at URL {url}, code {(int)reply.StatusCode}");
            }

            response = await reply.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ExtenderException($"Post \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", e);
        }
        catch (HttpRequestException e)
        {
            throw new ExtenderException($"Post \"{url}\": {e.Message}", e);
        }

        return Decode<T>(response, verb);
    }

    private T? Decode<T>(byte[] response, string verb)
    {
        // Go's json.Decoder reads only the first value; trailing bytes are never looked at.
        var reader = new Utf8JsonReader(response, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            return JsonSerializer.Deserialize<T>(ref reader, ResponseJson);
        }
        catch (JsonException e) when (response.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            throw new ExtenderException($"{verb} with extender {config.UrlPrefix}: EOF", e);
        }
        catch (JsonException e)
        {
            throw new ExtenderException($"{verb} with extender {config.UrlPrefix}: {e.Message}", e);
        }
    }
}
