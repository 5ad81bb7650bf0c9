namespace Extender.Aws;

/// <summary>
/// Reads each EC2 response body to the end, asynchronously and under the request's token and timeout, before the SDK
/// sees it. The SDK parses the XML body with synchronous reads of the network stream on whatever thread completed the
/// response headers, often a socket-completion thread: a body that arrives slowly blocks that thread, untouched by the
/// token or the SDK's timeout, and such a read was seen never to return while the process was busy (a sidecar stop
/// then waited out the host's whole shutdown timeout). Parsing from memory never blocks. EC2 answers are small pages.
/// </summary>
internal sealed class ResponseBufferingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
