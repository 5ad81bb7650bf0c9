using Amazon.Runtime;

namespace Extender.Aws;

/// <summary>The SDK's HTTP client, with the response body buffered (<see cref="ResponseBufferingHandler"/>).</summary>
internal sealed class BufferingHttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = clientConfig.AllowAutoRedirect, UseCookies = false };
        if (clientConfig.MaxConnectionsPerServer is { } connections)
        {
            handler.MaxConnectionsPerServer = connections;
        }

        var client = new HttpClient(new ResponseBufferingHandler(handler));
        if (clientConfig.Timeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }
}
