using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes;

namespace Extender.Tests.Sandbox;

/// <summary>Raw HTTP against the sandbox API as the admin, so a test chooses the media types kubectl would send.</summary>
internal sealed class SandboxApiClient(SandboxApiServer api) : IDisposable
{
    public const string Table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private readonly HttpClient _http = new(TrustingTheCluster(api)) { BaseAddress = api.Url, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sandbox");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text) as JsonObject ?? []);
    }

    public Task<(int Code, JsonObject Body)> GetAsync(string path, string? accept = null) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<(int Code, JsonObject Body)> PostAsync(string path, JsonObject body, string query = "") => SendAsync(HttpMethod.Post, path + query, body.ToJsonString());

    public Task<(int Code, JsonObject Body)> PatchAsync(string path, string patch, string contentType) => SendAsync(HttpMethod.Patch, path, patch, contentType);

    public Task<(int Code, JsonObject Body)> DeleteAsync(string path, JsonObject? options = null) => SendAsync(HttpMethod.Delete, path, options?.ToJsonString());

    /// <summary>A handler that trusts the sandbox's cluster CA only, as a kubeconfig's certificate-authority-data does.</summary>
    public static SocketsHttpHandler TrustingTheCluster(SandboxApiServer api)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(api.CertificateAuthority());
        return handler;
    }

    public static JsonObject Pod(string name, string? node = null, JsonObject? metadata = null)
    {
        var meta = metadata ?? [];
        meta["name"] = name;
        var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "example/app:1" }) };
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = spec };
    }
}
