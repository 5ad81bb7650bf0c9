using System.Net.Http.Headers;
using System.Text.Json;
using k8s;

namespace Extender.Benchmarks.Scale;

/// <summary>
/// A plain HTTP/1.1 watch of every pod on the demo's API server, beside the sidecar's, recording when each pod's ADDED
/// event arrived in this process: the sidecar's detection minus that arrival is the time the sidecar's own watch path
/// took, apart from how fast the sandbox created and served the pods (issue 24).
/// </summary>
internal sealed class PlainWatch
{
    private readonly Dictionary<string, DateTimeOffset> _added = new(StringComparer.Ordinal);

    /// <summary>Each pod's first ADDED event, by uid.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Added => _added;

    /// <summary>Waits for <paramref name="kubeconfig"/> (written when the API server is up), then watches until stopped.</summary>
    public async Task RunAsync(string kubeconfig, CancellationToken cancellationToken)
    {
        try
        {
            while (!File.Exists(kubeconfig))
            {
                await Task.Delay(100, cancellationToken);
            }

            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            using var client = new k8s.Kubernetes(configuration);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(configuration.Host), "/api/v1/pods?watch=true"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", configuration.AccessToken);
            using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var at = DateTimeOffset.UtcNow;
                using var watchEvent = JsonDocument.Parse(line);
                if (watchEvent.RootElement.GetProperty("type").GetString() == "ADDED"
                    && watchEvent.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("uid").GetString() is { } uid)
                {
                    _added.TryAdd(uid, at);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The demo stopped its API server; what arrived until then is kept.
        }
    }
}
