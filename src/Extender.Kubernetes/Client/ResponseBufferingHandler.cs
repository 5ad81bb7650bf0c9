namespace Extender.Kubernetes.Client;

/// <summary>
/// Reads every response body but a watch's into memory asynchronously before the client sees it. KubernetesClient
/// sends with <see cref="HttpCompletionOption.ResponseHeadersRead"/> and then deserializes the body with a synchronous
/// read of the network stream, so each call whose body is slow to arrive holds a thread-pool thread blocked until it
/// does. In a 10,000-pod burst (issue 24) the binds, NodeClaim writes and status updates waiting on a busy API server
/// held 4.3 thread-seconds blocked in 40 s on 2 cores, and the pod watch's continuations queued behind them: the pods
/// were detected ~2.8 s after a plain watch of the same server saw them. A watch's body never ends and is read line by
/// line asynchronously already, so it is passed through.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (IsWatch(request))
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    public static bool IsWatch(HttpRequestMessage request) =>
        request.RequestUri?.Query is { Length: > 0 } query && query.Contains("watch=true", StringComparison.Ordinal);
}
