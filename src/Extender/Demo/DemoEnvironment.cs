using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Aws;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Hosting;
using Extender.Hosting.Listeners;
using Extender.Kubernetes.Leadership;
using Extender.Provisioning.Launching;
using Extender.Provisioning.Metrics;
using Extender.Provisioning.Ports;
using Extender.Sandbox.Controllers;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubelet;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Scheduling;
using Extender.Sandbox.Sqs;
using k8s;

namespace Extender.Demo;

/// <summary>
/// The whole system on one machine: the sandbox Kubernetes API and EC2 endpoint, the scenario's custom resources,
/// the real sidecar wired to both through its real adapters, the simulated kubelet (nodes and pods), the workload
/// controllers (Deployments, ReplicaSets, PodDisruptionBudgets) and the scheduler stand-in
/// calling the sidecar over HTTP. The sidecar can be stopped and started again on the same port.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LeaderPollInterval = TimeSpan.FromMilliseconds(20);

    private readonly Scenario _scenario;
    private readonly string _kubeconfig;
    private readonly bool _ownsKubeconfig;
    private readonly string _sidecarKubeconfig;
    private SimulatedKubelet? _kubelet;
    private SimulatedPods? _pods;
    private SandboxControllers? _controllers;
    private SandboxScheduler? _scheduler;
    private WebApplication? _sidecar;
    private SidecarProcess? _sidecarProcess;

    /// <summary>The queue the sandbox EC2's spot warnings go to (as EventBridge delivers them), when the run interrupts.</summary>
    public const string InterruptionQueueName = "sandbox-interruptions";

    private DemoEnvironment(Scenario scenario, SandboxApiServer api, SandboxEc2Server ec2, string kubeconfig, bool ownsKubeconfig, string sidecarKubeconfig)
    {
        _sidecarKubeconfig = sidecarKubeconfig;
        _scenario = scenario;
        Api = api;
        Ec2 = ec2;
        _kubeconfig = kubeconfig;
        _ownsKubeconfig = ownsKubeconfig;
        Feed = Ec2InstanceFeed.Attach(ec2, api);
        Client = new k8s.Kubernetes(api.ClientConfiguration());
    }

    public SandboxApiServer Api { get; }

    public SandboxEc2Server Ec2 { get; }

    public IKubernetes Client { get; }

    public LaunchRecorder Launches { get; } = new();

    public Ec2InstanceFeed Feed { get; }

    /// <summary>The sidecar's verbs listener (extender verbs under <c>/scheduler</c>).</summary>
    public Uri SidecarUrl { get; private set; } = null!;

    /// <summary>The sidecar's probes listener (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>).</summary>
    public Uri ProbesUrl { get; private set; } = null!;

    public SchedulerMetrics SchedulerMetrics => _scheduler?.Metrics ?? throw new InvalidOperationException("the scheduler has not started");

    /// <summary>Starts the sandbox servers and creates the scenario's NodeClasses, NodePools and Nodes.</summary>
    public static async Task<DemoEnvironment> StartSandboxAsync(DemoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // As a cluster does: HTTPS (so kubectl presents its token), RBAC enforced, and the sidecar running as the
        // install's ServiceAccount with the install's own Roles; the user's kubeconfig is the admin's.
        var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { Port = settings.ApiPort, Https = true, EnforceRbac = true }, cancellationToken);
        var ec2 = await SandboxEc2Server.StartAsync(new SandboxEc2Options { Port = settings.Ec2Port, SpotDiscount = settings.Scenario.SpotDiscount }, cancellationToken);
        var kubeconfig = settings.KubeconfigOut ?? Path.Combine(Path.GetTempPath(), $"extender-demo-{Guid.NewGuid():N}.kubeconfig");
        api.WriteKubeconfig(kubeconfig);
        var sidecarKubeconfig = Path.Combine(Path.GetTempPath(), $"extender-demo-sidecar-{Guid.NewGuid():N}.kubeconfig");
        api.WriteKubeconfig(sidecarKubeconfig, ShippedIdentity.Install(api));
        var environment = new DemoEnvironment(settings.Scenario, api, ec2, kubeconfig, settings.KubeconfigOut is null, sidecarKubeconfig);
        if (settings.Interrupts)
        {
            await environment.StartInterruptionQueueAsync(settings.Scenario.Faults.SpotInterruption!.Notice, cancellationToken);
        }

        await environment.CreateResourcesAsync(cancellationToken);
        return environment;
    }

    /// <summary>
    /// Starts the sidecar, then (first time only) the kubelet and the scheduler. The kubelet registers nodes with the
    /// allocatable the sidecar's EC2 catalog predicts, as a node of a correctly modelled type would.
    /// </summary>
    /// <remarks>With a <c>log</c>, the sidecar logs there instead of to the console (the demo's live view owns the terminal).</remarks>
    public async Task StartSidecarAsync(int port, CancellationToken cancellationToken, DemoLog? log = null)
    {
        var sidecar = ExtenderHost.BuildSidecar(SidecarSettings(port), services => services.AddSingleton<ILaunchObserver>(Launches), log is null ? null : log.Configure);
        try
        {
            await sidecar.StartAsync(cancellationToken);
        }
        catch
        {
            // A host that failed to start cannot be stopped (it throws); only disposed. The caller reports the failure.
            await sidecar.DisposeAsync();
            throw;
        }

        _sidecar = sidecar;
        var addresses = ListenerAddresses.Of(_sidecar.Services);
        SidecarUrl = addresses.Verbs;
        ProbesUrl = addresses.Probes;
        await StartKubeletAndSchedulerAsync(_sidecar.Services.GetRequiredService<ICapacityProvider>(), cancellationToken);
    }

    /// <summary>
    /// Starts the sidecar as a child process (<see cref="SidecarProcess"/>), waits until it is ready, then the kubelet
    /// and the scheduler. Only once per environment: a child cannot be restarted.
    /// </summary>
    public async Task StartSidecarProcessAsync(int port, CancellationToken cancellationToken)
    {
        var settings = SidecarSettings(port);
        settings.Remove("Http:Port");
        _sidecarProcess = await SidecarProcess.StartAsync(settings, port, executable: null, cancellationToken);
        SidecarUrl = _sidecarProcess.Url;
        ProbesUrl = _sidecarProcess.ProbesUrl;
        // The kubelet needs the allocatable the sidecar's catalog predicts: the same EC2 adapter, built here, reads it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var aws = new ServiceCollection().AddLogging().AddAwsCapacity(configuration).BuildServiceProvider();
        await StartKubeletAndSchedulerAsync(aws.GetRequiredService<ICapacityProvider>(), cancellationToken);
    }

    /// <summary>The sandbox SQS endpoint with <see cref="InterruptionQueueName"/>, when the run interrupts; null otherwise.</summary>
    public SandboxSqsServer? InterruptionQueue { get; private set; }

    /// <summary>
    /// Starts the sandbox SQS endpoint and configures the sidecar as the shipped install plus the queue option
    /// (<c>Interruption:QueueName</c>), with the notice the sidecar plans its deadlines by scaled as the interrupter's.
    /// </summary>
    private async Task StartInterruptionQueueAsync(TimeSpan notice, CancellationToken cancellationToken)
    {
        InterruptionQueue = await SandboxSqsServer.StartAsync(TimeProvider.System, cancellationToken);
        InterruptionQueue.CreateQueue(InterruptionQueueName);
        ExtraSidecarSettings["Interruption:QueueName"] = InterruptionQueueName;
        ExtraSidecarSettings["Interruption:EndpointOverride"] = InterruptionQueue.Url.ToString();
        ExtraSidecarSettings["Replacement:InterruptionNotice"] = notice.ToString();
    }

    /// <summary>The sidecar's own process, when it runs in one: its log and its figures.</summary>
    public SidecarProcess? SidecarProcess => _sidecarProcess;

    private async Task StartKubeletAndSchedulerAsync(ICapacityProvider capacity, CancellationToken cancellationToken)
    {
        if (_kubelet is null)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            call.CancelAfter(CallTimeout);
            var types = await capacity.GetInstanceTypesAsync(call.Token);
            var kubelet = new SimulatedKubeletOptions { BootTime = TimeSpan.FromSeconds(_scenario.BootSeconds), Cluster = Api.Cluster };
            _kubelet = SimulatedKubelet.Start(Client, Feed.Events, new InstanceCatalog(types), kubelet);
            _pods = SimulatedPods.Start(Client, kubelet);
            _controllers = SandboxControllers.Start(Client, new SandboxControllersOptions());
            await Task.WhenAll(_pods.WaitForSyncAsync(cancellationToken), _controllers.WaitForSyncAsync(cancellationToken));
        }

        if (_scheduler is null)
        {
            _scheduler = SandboxScheduler.Start(Client, new SandboxSchedulerOptions
            {
                SchedulerNames = SchedulerNames(_scenario),
                Extenders = [Extender(SidecarUrl)],
            });
            await _scheduler.WaitForSyncAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the sidecar leads and has loaded its claims and catalog, where a sidecar that has been running for a
    /// while stands when pods arrive; otherwise the first wave would measure the sidecar's start-up.
    /// </summary>
    public async Task WaitForProvisionerAsync(CancellationToken cancellationToken)
    {
        if (_sidecarProcess is not null)
        {
            await WaitForWarmUpAsync(cancellationToken);
            return;
        }

        var services = _sidecar?.Services ?? throw new InvalidOperationException("the sidecar has not started");
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(CallTimeout);
        var leadership = services.GetRequiredService<ILeadership>();
        while (!leadership.IsLeader)
        {
            await Task.Delay(LeaderPollInterval, call.Token);
        }

        await services.GetRequiredService<LeaderStart>().EnsureAsync(call.Token);
    }

    /// <summary>
    /// A sidecar in its own process has no in-process hook to wait on; the last step of its leader start is a dry-run
    /// NodeClaim create (the warm-up), and the sandbox API server sees it. A cluster whose NodePools plan nothing has
    /// no warm-up: after the call timeout the run starts anyway.
    /// </summary>
    private async Task WaitForWarmUpAsync(CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(CallTimeout);
        try
        {
            while (!Api.Audit.Any(a => a.Verb == "create" && a.Resource == "nodeclaims"))
            {
                await Task.Delay(LeaderPollInterval, call.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Ends a sidecar that runs in its own process: reads its CPU time and memory while it still runs, stops it, and
    /// takes its launch log into <see cref="Launches"/>. Null for the in-process sidecar.
    /// </summary>
    /// <param name="keepLaunchLogAs">Where to keep a copy of the launch log (per pod: claim, detection, launch), for
    /// looking into a run after it ended; null: it goes with the sidecar.</param>
    public async Task<SidecarUsage?> FinishSidecarProcessAsync(string? keepLaunchLogAs)
    {
        if (_sidecarProcess is not { } process)
        {
            return null;
        }

        var usage = process.Finish();
        await process.StopAsync();
        if (keepLaunchLogAs is not null && File.Exists(process.LaunchLogPath))
        {
            File.Copy(process.LaunchLogPath, keepLaunchLogAs, overwrite: true);
        }

        foreach (var line in process.ReadLaunches())
        {
            Launches.Launched(line.NodeClaim, line.PodUid, line.DetectedAt, line.LaunchedAt);
        }

        return usage;
    }

    /// <summary>Stops the sidecar as a crash or a rollout would; the rest keeps running.</summary>
    public async Task StopSidecarAsync()
    {
        if (_sidecarProcess is { } child)
        {
            _sidecarProcess = null;
            await child.DisposeAsync();
        }

        if (_sidecar is { } sidecar)
        {
            _sidecar = null;
            await sidecar.StopAsync();
            await sidecar.DisposeAsync();
        }
    }

    /// <summary>Schedules the scenario's insufficient-capacity windows, counted from <paramref name="start"/>, and its throttling.</summary>
    public void ApplyFaults(DateTimeOffset start)
    {
        foreach (var fault in _scenario.Faults.InsufficientCapacity)
        {
            var until = fault.Until is { } end ? start + end : DateTimeOffset.MaxValue;
            foreach (var capacityType in (string[])[CapacityTypes.OnDemand, CapacityTypes.Spot])
            {
                Ec2.Faults.InsufficientCapacity(fault.InstanceType, fault.Zone, capacityType, start + fault.From, until);
            }
        }

        Ec2.Faults.ThrottleRate = _scenario.Faults.ThrottlingRate;
    }

    public async ValueTask DisposeAsync()
    {
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync();
        }

        await StopSidecarAsync();
        Feed.Dispose();
        if (_controllers is not null)
        {
            await _controllers.DisposeAsync();
        }

        if (_pods is not null)
        {
            await _pods.DisposeAsync();
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        Client.Dispose();
        if (InterruptionQueue is not null)
        {
            await InterruptionQueue.DisposeAsync();
        }

        await Ec2.DisposeAsync();
        await Api.DisposeAsync();
        if (_ownsKubeconfig)
        {
            File.Delete(_kubeconfig);
        }

        File.Delete(_sidecarKubeconfig);
    }

    /// <summary>Settings added to the sidecar's own (an end-to-end test's optional features, e.g. the interruption queue).</summary>
    public Dictionary<string, string?> ExtraSidecarSettings { get; } = [];

    private Dictionary<string, string?> SidecarSettings(int port) => new(ExtraSidecarSettings.Concat(BaseSidecarSettings(port)));

    private Dictionary<string, string?> BaseSidecarSettings(int port) => new()
    {
        ["Http:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Http:Probes:Address"] = "127.0.0.1",
        ["Http:Probes:Port"] = "0",
        // The demo's scheduler binds through the extender, as mode (a)'s does.
        ["Endpoints:BindEnabled"] = "true",
        ["Kubernetes:Kubeconfig"] = _sidecarKubeconfig,
        // What the Deployment's POD_NAMESPACE gives the sidecar: the namespace its Role grants leases in.
        [$"{LeaderElectionOptions.Section}:{nameof(LeaderElectionOptions.LeaseNamespace)}"] = ShippedIdentity.Namespace,
        ["Aws:Region"] = "us-east-1",
        ["Aws:EndpointOverride"] = Ec2.Url.ToString(),
        ["Aws:AccessKeyId"] = "sandbox",
        ["Aws:SecretAccessKey"] = "sandbox",
        // What the nodes' NodeConfig must name for the simulated kubelet to let them join, as nodeadm needs it.
        ["Aws:ClusterName"] = Api.Cluster.Name,
        ["Aws:ClusterEndpoint"] = Api.Cluster.Endpoint,
        ["Aws:ClusterCertificateAuthority"] = Api.Cluster.CertificateAuthority,
        // The live view owns the console; the sidecar reports only problems.
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private async Task CreateResourcesAsync(CancellationToken cancellationToken)
    {
        var classes = _scenario.NodeClasses.Count > 0 ? _scenario.NodeClasses : [DefaultResources.NodeClass()];
        var pools = _scenario.NodePools.Count > 0 ? _scenario.NodePools : [DefaultResources.NodePool()];
        foreach (var nodeClass in classes)
        {
            await CreateClusterObjectAsync(nodeClass, "ec2nodeclasses", cancellationToken);
        }

        foreach (var pool in pools)
        {
            await CreateClusterObjectAsync(pool, "nodepools", cancellationToken);
        }

        // Before the workload, as a user applies a buffer with kubectl; it holds room once its Deployment exists.
        foreach (var buffer in _scenario.CapacityBuffers)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            call.CancelAfter(CallTimeout);
            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                CapacityBufferManifests.ForCreate(buffer), CapacityBufferManifests.Group, CapacityBufferManifests.Version, CapacityBufferManifests.Namespace(buffer), CapacityBufferManifests.Plural, cancellationToken: call.Token);
        }

        foreach (var node in _scenario.Nodes)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            call.CancelAfter(CallTimeout);
            await Client.CoreV1.CreateNodeAsync(KubernetesJson.Deserialize<k8s.Models.V1Node>(node.ToJsonString()), cancellationToken: call.Token);
        }
    }

    private async Task CreateClusterObjectAsync(JsonObject manifest, string plural, CancellationToken cancellationToken)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(CallTimeout);
        await Client.CustomObjects.CreateClusterCustomObjectAsync(manifest, WellKnownLabels.Group, "v1alpha1", plural, cancellationToken: call.Token);
    }

    private static HashSet<string> SchedulerNames(Scenario scenario)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { SandboxSchedulerOptions.DefaultSchedulerName, DefaultResources.SchedulerName };
        foreach (var wave in scenario.Waves)
        {
            if (wave.Template is { } template)
            {
                names.Add(template.SchedulerName);
            }

            foreach (var pod in wave.Pods ?? [])
            {
                if ((string?)pod["spec"]?["schedulerName"] is { Length: > 0 } name)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    /// <summary>As scheduler-config/ec2-capacity-scheduler.yaml configures the sidecar.</summary>
    private static ExtenderConfig Extender(Uri sidecar) => new()
    {
        UrlPrefix = new Uri(sidecar, "scheduler"),
        FilterVerb = "filter",
        PrioritizeVerb = "prioritize",
        BindVerb = "bind",
        Weight = 20,
        NodeCacheCapable = true,
        HttpTimeout = TimeSpan.FromSeconds(5),
    };
}
