using System.CommandLine;
using System.Text.Json.Nodes;
using Extender.Commands;
using Extender.Hosting;
using Extender.Hosting.Listeners;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Eks;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Rbac;
using k8s;
using k8s.Models;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>
/// The install in <c>manifests/</c> as a cluster runs it: <c>kubectl kustomize manifests</c>, every object applied to a
/// sandbox API server that enforces RBAC, a token for the Deployment's ServiceAccount, and the Deployment's replica
/// count of sidecars started in-process with exactly the <c>extender</c> container's env and args, downward-API
/// values filled in as the kubelet would.
/// <para>
/// What cannot come from the manifest, and is set here on top of it (nothing else is):
/// <list type="bullet">
/// <item><c>Kubernetes:Kubeconfig</c>: a kubeconfig for the sandbox with the ServiceAccount's token, in place of the
/// in-cluster configuration (the token file the kubelet mounts and <c>KUBERNETES_SERVICE_HOST</c>).</item>
/// <item><c>Aws:EndpointOverride</c>, <c>Aws:EksEndpointOverride</c> and static credentials: the sandbox EC2 and EKS
/// endpoints, in place of the regional endpoints and of the credentials Pod Identity or IRSA would hand the
/// ServiceAccount. The cluster's API endpoint and CA are not set: the sidecars discover them from EKS, as shipped.</item>
/// <item><c>Interruption:EndpointOverride</c>, when the run has an interruption queue
/// (<see cref="AsShippedOptions.InterruptionQueue"/>): the sandbox SQS endpoint in place of the regional one.</item>
/// <item><c>Http:Port</c> 0, <c>Http:Probes:Address</c> 127.0.0.1 and <c>Http:Probes:Port</c> 0: the replicas share this
/// machine's network instead of each having a pod IP, and test servers bind loopback only. The verbs' address is the
/// shipped default (loopback).</item>
/// </list>
/// The sandbox cluster is named what <c>EXTENDER__AWS__CLUSTERNAME</c> says, as an operator who followed the README's
/// install steps would have it. Variables the process reads itself (not <c>EXTENDER__*</c>) can only be set for the
/// whole test process: they are, for the fixture's lifetime, when every replica has the same value (the others are
/// listed in <see cref="UnappliedEnvironment"/>); the as-shipped tests run alone, in the end-to-end collection.
/// </para>
/// </summary>
internal sealed class AsShippedCluster : IAsyncDisposable
{
    /// <summary>Read by the code from the process environment: cleared while the fixture runs unless the container sets them.</summary>
    private static readonly string[] ProcessVariables = ["POD_NAMESPACE", "POD_NAME", "POD_IP", "AWS_REGION", "AWS_DEFAULT_REGION", "KUBECONFIG"];

    private readonly Dictionary<string, string?> _savedEnvironment = new(StringComparer.Ordinal);
    private readonly List<ShippedReplica> _replicas = [];
    private readonly List<string> _kubeconfigs = [];
    private readonly AsShippedOptions _options;
    private int _started;

    private AsShippedCluster(IReadOnlyList<JsonObject> objects, JsonObject deployment, AsShippedOptions options)
    {
        Objects = objects;
        Deployment = deployment;
        _options = options;
    }

    /// <summary>Every object <c>kubectl kustomize manifests</c> produced, in its order.</summary>
    public IReadOnlyList<JsonObject> Objects { get; }

    public JsonObject Deployment { get; }

    public SandboxApiServer Api { get; private set; } = null!;

    public SandboxEc2Server Ec2 { get; private set; } = null!;

    public SandboxEksServer Eks { get; private set; } = null!;

    /// <summary>The user the sidecars' requests authenticate as: the Deployment's ServiceAccount.</summary>
    public UserInfo ServiceAccount { get; private set; } = null!;

    public IReadOnlyList<ShippedReplica> Replicas => _replicas;

    /// <summary>Container variables read from the process environment that could not be set per replica, with why.</summary>
    public Dictionary<string, string> UnappliedEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>The policy the sandbox authorizes with, to explain a denied request in the real server's words.</summary>
    public RbacPolicy Policy => RbacPolicy.FromObjects(Objects);

    /// <param name="log">Where the replicas' resolved settings are written.</param>
    /// <param name="options">What the install adds to the manifests, and how the replicas' machines differ.</param>
    public static async Task<AsShippedCluster> StartAsync(Action<string>? log = null, AsShippedOptions? options = null)
    {
        var objects = YamlJson.ParseAll(Kustomize.Build(RepositoryRoot.Combine("manifests"))).OfType<JsonObject>().ToList();
        var deployment = objects.Single(o => (string?)o["kind"] == "Deployment" && ShippedDeployment.Container(o) is not null);
        if (options?.InterruptionQueue is { } queue)
        {
            // As the README's spot-interruption section has the operator do: the stack's queue name in the container's env.
            var env = ShippedDeployment.Container(deployment)!["env"] as JsonArray ?? [];
            env.Add(new JsonObject { ["name"] = ExtenderHost.EnvironmentPrefix + "INTERRUPTION__QUEUENAME", ["value"] = queue.Name });
            ShippedDeployment.Container(deployment)!["env"] = env;
        }

        var cluster = new AsShippedCluster(objects, deployment, options ?? new AsShippedOptions());
        try
        {
            await cluster.RunAsync(log ?? (_ => { }));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // All at once, as when the Deployment is deleted: each waits out its shipped drain delay.
        await Task.WhenAll(_replicas.Select(async replica =>
        {
            await replica.App.StopAsync();
            await replica.App.DisposeAsync();
        }));

        foreach (var (name, value) in _savedEnvironment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        if (Ec2 is not null)
        {
            await Ec2.DisposeAsync();
        }

        if (Eks is not null)
        {
            await Eks.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        _kubeconfigs.ForEach(File.Delete);
    }

    private async Task RunAsync(Action<string> log)
    {
        var container = ShippedDeployment.Container(Deployment)!;
        var replicas = (int)((long?)Deployment["spec"]?["replicas"] ?? 1);
        CheckArgs(container);

        var pods = Enumerable.Range(0, replicas).Select(NewPod).ToList();
        var environments = pods.Select(p => ContainerEnvironment.Resolve(container, p)).ToList();
        var clusterName = environments[0].LastOrDefault(v => v.Key.Equals(ExtenderHost.EnvironmentPrefix + "AWS__CLUSTERNAME", StringComparison.OrdinalIgnoreCase)).Value ?? "sandbox";

        Api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { EnforceRbac = true, ClusterName = clusterName });
        Ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options(), CancellationToken.None);
        Eks = await SandboxEksServer.StartAsync(Api.Cluster, CancellationToken.None);
        foreach (var obj in Objects)
        {
            // As the cluster admin applying the install; the sandbox keeps every kind of it.
            Api.Upsert(obj);
        }

        ServiceAccount = UserInfo.ServiceAccount(pods[0].Namespace, pods[0].ServiceAccountName);
        ApplyProcessEnvironment(environments, log);
        foreach (var pod in pods)
        {
            await StartReplicaAsync(pod, log);
        }
    }

    /// <summary>
    /// Starts a replica in place of a lost one, as the Deployment's ReplicaSet would: a new pod (new name, new token)
    /// with the same container.
    /// </summary>
    public Task<ShippedReplica> ReplaceAsync(Action<string>? log = null) => StartReplicaAsync(NewPod(_started), log ?? (_ => { }));

    private ShippedPod NewPod(int index)
    {
        var ns = (string)Deployment["metadata"]!["namespace"]!;
        var name = (string)Deployment["metadata"]!["name"]!;
        var account = (string?)Deployment["spec"]!["template"]!["spec"]!["serviceAccountName"] ?? "default";
        return new ShippedPod($"{name}-5d8f9c7b4-r{index}", ns, account, "127.0.0.1", $"ip-10-0-0-{index + 10}.ec2.internal");
    }

    private async Task<ShippedReplica> StartReplicaAsync(ShippedPod pod, Action<string> log)
    {
        var clock = _options.Clocks?.Invoke(_started);
        _started++;
        var environment = ContainerEnvironment.Resolve(ShippedDeployment.Container(Deployment)!, pod);
        using var admin = new k8s.Kubernetes(Api.ClientConfiguration());

        // Each pod gets its own token, as the kubelet projects one per pod, so that one replica can be cut off.
        var token = (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } }, pod.ServiceAccountName, pod.Namespace)).Status.Token;
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"extender-as-shipped-{Guid.NewGuid():N}.kubeconfig");
        Api.WriteKubeconfig(kubeconfig, token);
        _kubeconfigs.Add(kubeconfig);
        var settings = ContainerEnvironment.Configuration(environment);
        settings["Kubernetes:Kubeconfig"] = kubeconfig;
        settings["Aws:EndpointOverride"] = Ec2.Url.ToString();
        settings["Aws:EksEndpointOverride"] = Eks.Url.ToString();
        if (_options.InterruptionQueue is { } queue)
        {
            settings["Interruption:EndpointOverride"] = queue.Server.Url.ToString();
        }

        settings["Aws:AccessKeyId"] = "sandbox";
        settings["Aws:SecretAccessKey"] = "sandbox";
        settings["Http:Port"] = "0";
        settings["Http:Probes:Address"] = "127.0.0.1";
        settings["Http:Probes:Port"] = "0";
        log($"{pod.Name}: {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}");

        var app = ExtenderHost.BuildSidecar(settings, services =>
        {
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
        await app.StartAsync();
        var addresses = ListenerAddresses.Of(app.Services);
        var replica = new ShippedReplica(pod, environment, app, addresses.Verbs, addresses.Probes, token);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>
    /// Kills a replica as <c>kill -9</c> or a lost node would: the API server refuses its token first, so nothing it
    /// does on the way down (giving up the lease, recording launches) reaches the cluster, then the process goes.
    /// </summary>
    public async Task KillAsync(ShippedReplica replica)
    {
        Api.RevokeToken(replica.Token);
        _replicas.Remove(replica);
        await replica.App.StopAsync();
        await replica.App.DisposeAsync();
    }

    /// <summary>
    /// The container runs the image's entrypoint (the extender binary) with these args: they must parse as the real
    /// command line parses them, and name the <c>run</c> command, whose host the harness builds. No flag of <c>run</c>
    /// is mapped yet: the shipped args have none, and a new one must be mapped here as RunCommand maps it.
    /// </summary>
    private static void CheckArgs(JsonObject container)
    {
        if (container["command"] is not null)
        {
            throw new NotSupportedException("the extender container sets command; the harness runs the image's entrypoint only");
        }

        var args = (container["args"] as JsonArray ?? []).Select(a => (string)a!).ToArray();
        var root = new RootCommand { RunCommand.Create() };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 || args is not ["run"])
        {
            throw new NotSupportedException(
                $"the extender container's args [{string.Join(' ', args)}] are not `run` alone: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    private void ApplyProcessEnvironment(List<IReadOnlyList<KeyValuePair<string, string>>> environments, Action<string> log)
    {
        var names = environments.SelectMany(e => e.Select(v => v.Key))
            .Where(n => !n.StartsWith(ExtenderHost.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Concat(ProcessVariables)
            .Distinct(StringComparer.Ordinal);
        foreach (var variable in names)
        {
            var values = environments.Select(e => e.LastOrDefault(v => v.Key == variable).Value).Distinct(StringComparer.Ordinal).ToList();
            _savedEnvironment[variable] = Environment.GetEnvironmentVariable(variable);
            if (values.Count == 1)
            {
                Environment.SetEnvironmentVariable(variable, values[0]);
                log(values[0] is null ? $"process environment: {variable} unset (the container does not set it)" : $"process environment: {variable}={values[0]}");
            }
            else
            {
                Environment.SetEnvironmentVariable(variable, null);
                UnappliedEnvironment[variable] = $"differs per replica ({string.Join(", ", values)}) and is read from the process environment";
                log($"process environment: {variable} NOT applied: {UnappliedEnvironment[variable]}");
            }
        }
    }

    /// <summary>Bounded polling: the condition, not the time it takes, is asserted.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition();
    }
}
