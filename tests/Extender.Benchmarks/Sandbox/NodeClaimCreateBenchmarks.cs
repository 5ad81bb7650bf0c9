using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Extender.Benchmarks.Kubernetes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Rbac;
using Extender.Sandbox.Kubernetes.Validation;

namespace Extender.Benchmarks.Sandbox;

/// <summary>
/// The sandbox API server's share of one NodeClaim create as the sidecar sends it (60 launch options, 40 reserved pods),
/// in-process and step by step: reading the body, authorizing the sidecar's ServiceAccount against the shipped RBAC,
/// the CRD schema (prune and validate), and storing it (serialized once, queued to every NodeClaim watch). What the
/// request costs over HTTPS end to end is <c>-- sandbox-latency</c>; this splits the server's CPU between the steps.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class NodeClaimCreateBenchmarks
{
    private static readonly ApiResource NodeClaims = ApiResources.FindByKind("provisioning.extender.io/v1alpha1", "NodeClaim")!;
    private static readonly UserInfo Sidecar = UserInfo.ServiceAccount(ShippedIdentity.Namespace, ShippedIdentity.ServiceAccount);
    private static readonly AuditRecord Create = new("create", NodeClaims.Group, NodeClaims.Plural, null, null, null) { User = Sidecar.Name };

    private readonly ObjectValidator _validator = new();
    private byte[] _body = [];
    private RbacPolicy _policy = null!;
    private ObjectStore _store = null!;
    private Watcher[] _watchers = [];
    private int _next;

    /// <summary>Open NodeClaim watches: the demo has the sidecar's and the progress view's.</summary>
    [Params(0, 4)]
    public int Watches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Encoding.UTF8.GetBytes(SandboxRequestLatency.Claim(0).ToJsonString());
        _store = new ObjectStore(historyWindow: 1_000, TimeProvider.System);
        foreach (var obj in ShippedIdentity.Objects())
        {
            var resource = ApiResources.FindByKind((string)obj["apiVersion"]!, (string)obj["kind"]!)!;
            _store.Create(resource, resource.Namespaced ? (string?)obj["metadata"]!["namespace"] : null, obj);
        }

        _policy = new StoredRbacPolicy(_store).Current();
        if (!_policy.Authorize(Sidecar, Create).Allowed)
        {
            throw new InvalidOperationException("the shipped RBAC does not let the sidecar create NodeClaims");
        }

        _watchers = [.. Enumerable.Range(0, Watches).Select(_ => _store.Watch(NodeClaims, null, LabelSelector.Everything, FieldSelector.Everything, _store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), bookmarks: true))];
    }

    [Benchmark]
    public JsonObject Parse() => (JsonObject)JsonNode.Parse(_body)!;

    [Benchmark]
    public bool Authorize() => _policy.Authorize(Sidecar, Create).Allowed;

    [Benchmark]
    public JsonObject ParseAndValidate()
    {
        var claim = Parse();
        _validator.Create(NodeClaims, claim, strict: false);
        return claim;
    }

    /// <summary>Stores a parsed claim (serialized once, queued to each watch), then removes it so the store stays one claim large.</summary>
    [Benchmark]
    public long ParseAndStore()
    {
        var claim = Parse();
        var name = $"c-{_next++}";
        claim["metadata"]!["name"] = name;
        var stored = _store.Create(NodeClaims, null, claim);
        _store.Delete(NodeClaims, null, name);
        foreach (var watcher in _watchers)
        {
            while (watcher.Events.TryRead(out _))
            {
            }
        }

        return stored.ResourceVersion;
    }
}
