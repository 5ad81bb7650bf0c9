using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes.Lifecycle;
using Extender.Sandbox.Kubernetes.Rbac;
using Extender.Sandbox.Kubernetes.Validation;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// A local stand-in for the Kubernetes API server: the resources the project uses, served over real HTTP on
/// 127.0.0.1 to the real KubernetesClient, with the semantics the adapter depends on (resourceVersions, 409s,
/// selectors, watches with replay, bookmarks and 410) and hooks that make failures happen on purpose.
/// </summary>
public sealed class SandboxApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly FaultInjector _faults;
    private readonly WatchGate _gate;
    private readonly CancellationTokenSource _stopping;
    private readonly Task _bookmarks;

    private readonly ApiHandler _handler;
    private readonly TokenAuthenticator _tokens;
    private readonly ClusterCertificate _certificate;
    private readonly X509Certificate2? _serving;

    private SandboxApiServer(
        WebApplication app,
        ApiHandler handler,
        TokenAuthenticator tokens,
        SandboxApiServerOptions options,
        ClusterCertificate certificate,
        X509Certificate2? serving,
        ObjectStore store,
        FaultInjector faults,
        WatchGate gate,
        CancellationTokenSource stopping,
        Task bookmarks)
    {
        _handler = handler;
        _certificate = certificate;
        _serving = serving;
        _tokens = tokens;
        EnforcesRbac = options.EnforceRbac;
        _gate = gate;
        _app = app;
        _store = store;
        _faults = faults;
        _stopping = stopping;
        _bookmarks = bookmarks;
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Cluster = new SandboxClusterIdentity(options.ClusterName, Url.GetLeftPart(UriPartial.Authority), certificate.AuthorityData);
    }

    /// <summary>What a node's NodeConfig must name to join this cluster: its name, API endpoint and CA.</summary>
    public SandboxClusterIdentity Cluster { get; }

    /// <summary>Whether requests are authorized against the stored RBAC objects (<see cref="SandboxApiServerOptions.EnforceRbac"/>).</summary>
    public bool EnforcesRbac { get; }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c> (<c>https://</c> with <see cref="SandboxApiServerOptions.Https"/>).</summary>
    public Uri Url { get; }

    /// <summary>The latest resourceVersion written.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    /// <summary>Every request served so far, as Kubernetes authorization sees it (verb, group, resource, subresource).</summary>
    public IReadOnlyCollection<AuditRecord> Audit => _handler.Audit;

    /// <summary>How many watch streams are open now.</summary>
    public int OpenWatches => _store.OpenWatches;

    public static Task<SandboxApiServer> StartAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(new SandboxApiServerOptions { Port = port }, cancellationToken);

    public static async Task<SandboxApiServer> StartAsync(SandboxApiServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        var certificate = ClusterCertificate.NewAuthority(options.ClusterName);
        var serving = options.Https ? certificate.NewServingCertificate() : null;
        builder.WebHost.UseKestrel(k =>
        {
            // kube-apiserver has no minimum data rates: a watch whose client falls behind is not cut off. Kestrel's
            // defaults abort the whole HTTP/2 connection (every request on it) when a busy client reads a response
            // slower than 240 bytes/s for 5 s.
            k.Limits.MinResponseDataRate = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (serving is not null)
                {
                    listen.UseHttps(serving);
                }
            });
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();

        var store = new ObjectStore(options.HistoryWindow, options.Time);
        var faults = new FaultInjector();
        var stopping = new CancellationTokenSource();
        var gate = new WatchGate();
        var tokens = new TokenAuthenticator();
        Bootstrap(store);
        var rbac = new StoredRbacPolicy(store);
        var writes = new ObjectWrites(store, new ObjectValidator(), new Deletion(store, options.Time), tokens, rbac, options.Time);
        var handler = new ApiHandler(store, new ListPager(), faults, gate, tokens, rbac, options.EnforceRbac, writes, options.Time, stopping.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        return new SandboxApiServer(app, handler, tokens, options, certificate, serving, store, faults, gate, stopping, SendBookmarksAsync(store, options.BookmarkInterval, stopping.Token));
    }

    /// <summary>Writes a kubeconfig whose current context points at this server, as the admin (allowed everything).</summary>
    public void WriteKubeconfig(string path) => WriteKubeconfig(path, TokenAuthenticator.AdminToken);

    /// <summary>Writes a kubeconfig whose current context points at this server and authenticates with <paramref name="token"/>.</summary>
    public void WriteKubeconfig(string path, string token)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {Url.GetLeftPart(UriPartial.Authority)}{(_serving is null ? "" : $"\n    certificate-authority-data: {Cluster.CertificateAuthority}")}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: sandbox
            current-context: sandbox
            users:
            - name: sandbox
              user:
                token: {token}
            """);
    }

    /// <summary>A client configuration for this server as the admin, for code that builds its own KubernetesClient.</summary>
    public KubernetesClientConfiguration ClientConfiguration() => ClientConfiguration(TokenAuthenticator.AdminToken);

    /// <summary>A client configuration for this server that authenticates with <paramref name="token"/>.</summary>
    public KubernetesClientConfiguration ClientConfiguration(string token) => new()
    {
        Host = Url.GetLeftPart(UriPartial.Authority),
        AccessToken = token,
        SslCaCerts = _serving is null ? null : [_certificate.Authority],
    };

    /// <summary>The cluster CA (no key), for a raw HTTP client to trust over <see cref="SandboxApiServerOptions.Https"/>.</summary>
    public X509Certificate2 CertificateAuthority() => _certificate.Authority;

    /// <summary>Issues a bearer token for any user (the TokenRequest API issues them for ServiceAccounts).</summary>
    public string IssueToken(UserInfo user) => _tokens.Issue(user ?? throw new ArgumentNullException(nameof(user)));

    /// <summary>Every later request with <paramref name="token"/> gets 401: a process cut off from the API server.</summary>
    public bool RevokeToken(string token) => _tokens.Revoke(token);

    /// <summary>Creates or replaces an object as another controller would; the kind and apiVersion pick the resource.</summary>
    public JsonObject Upsert(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var resource = ResourceOf(obj);
        var ns = resource.Namespaced ? (string?)obj["metadata"]?["namespace"] ?? "default" : null;
        var name = (string?)obj["metadata"]?["name"] ?? throw new ArgumentException("metadata.name is required", nameof(obj));
        var copy = (JsonObject)obj.DeepClone();
        copy["metadata"]!.AsObject().Remove("resourceVersion");
        try
        {
            return _store.Update(resource, ns, name, _ => copy, _ => null).ToJsonObject();
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return _store.Create(resource, ns, copy).ToJsonObject();
        }
    }

    /// <summary>Creates or replaces a typed object (a <c>V1Pod</c>, a <c>V1Node</c>, a custom resource, ...).</summary>
    public JsonObject Upsert<T>(T obj)
        where T : IKubernetesObject => Upsert((JsonObject)JsonNode.Parse(KubernetesJson.Serialize(obj))!);

    /// <summary>Deletes an object; false when it did not exist.</summary>
    public bool Delete(string apiVersion, string kind, string? ns, string name)
    {
        var resource = ApiResources.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the sandbox does not serve {apiVersion}/{kind}", nameof(kind));
        try
        {
            _store.Delete(resource, resource.Namespaced ? ns ?? "default" : null, name);
            return true;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return false;
        }
    }

    /// <summary>Every object of a kind, optionally in one namespace, sorted by namespace and name.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var resource = ApiResources.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the sandbox does not serve {apiVersion}/{kind}", nameof(kind));
        return [.. _store.List(resource, ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.ToJsonObject())];
    }

    /// <summary>Ends every open watch stream at once, as a restarting API server or a broken connection would.</summary>
    public void DropWatches() => _store.DropWatches();

    /// <summary>Holds every new watch request until <see cref="ReleaseWatches"/>: with <see cref="DropWatches"/>, a disconnect of known length.</summary>
    public void HoldWatches() => _gate.Hold();

    public void ReleaseWatches() => _gate.Release();

    /// <summary>How many watch requests are being held by <see cref="HoldWatches"/>.</summary>
    public int HeldWatches => _gate.Waiting;

    /// <summary>Forgets the change history: a watch from any earlier resourceVersion gets 410 Gone.</summary>
    public void Compact() => _store.Compact();

    /// <summary>Sends a bookmark with the current resourceVersion to every watch that asked for bookmarks.</summary>
    public void SendBookmarks() => _store.SendBookmarks();

    /// <summary>Makes matching requests fail with the given status code and a proper Status body.</summary>
    public void InjectFault(Fault fault) => _faults.Add(fault ?? throw new ArgumentNullException(nameof(fault)));

    /// <summary>Random faults from now on (<see cref="ApiChaos"/>); null stops them.</summary>
    public ApiChaos? Chaos
    {
        get => _faults.Chaos;
        set => _faults.Chaos = value;
    }

    /// <summary>The random faults injected so far, by kind.</summary>
    public IReadOnlyDictionary<string, long> ChaosInjected => _faults.Injected;

    public async ValueTask DisposeAsync()
    {
        // Open watch responses would hold Kestrel's shutdown for its whole timeout; end them first.
        await _stopping.CancelAsync();
        _gate.Release();
        _store.DropWatches();
        await _bookmarks;
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
        _serving?.Dispose();
        _certificate.Dispose();
    }

    /// <summary>
    /// What a new cluster holds before anyone writes: the namespaces kube-apiserver creates, its bootstrap RBAC policy
    /// and our CustomResourceDefinitions (the sandbox serves their kinds from the start).
    /// </summary>
    private static void Bootstrap(ObjectStore store)
    {
        foreach (var name in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
        {
            store.Create(ApiResources.Namespaces, null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }

        foreach (var obj in BootstrapPolicy.Objects().Concat(CustomResourceDefinitions.Objects.Select(o => (JsonObject)o.DeepClone())))
        {
            store.Create(ResourceOf(obj), null, obj);
        }
    }

    private static ApiResource ResourceOf(JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        return ApiResources.FindByKind(apiVersion ?? "", kind ?? "")
            ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the sandbox does not serve {apiVersion}/{kind}"), nameof(obj));
    }

    private static async Task SendBookmarksAsync(ObjectStore store, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                store.SendBookmarks();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
