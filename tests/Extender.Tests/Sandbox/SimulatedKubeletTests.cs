using System.Globalization;
using System.Threading.Channels;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Sandbox.Kubelet;
using Extender.Sandbox.Kubernetes;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Sandbox;

public sealed class SimulatedKubeletTests : IAsyncLifetime
{
    private static readonly InstanceCatalog Catalog = DefaultCatalog.Load();
    private readonly Channel<InstanceEvent> _events = Channel.CreateUnbounded<InstanceEvent>();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-07-01T00:00:00Z", CultureInfo.InvariantCulture));
    private SandboxApiServer _api = null!;
    private k8s.Kubernetes _client = null!;
    private SimulatedKubelet _kubelet = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync();
        _client = new k8s.Kubernetes(_api.ClientConfiguration());
        _kubelet = SimulatedKubelet.Start(_client, _events.Reader, Catalog, new SimulatedKubeletOptions { BootTime = TimeSpan.FromSeconds(3), Time = _time, Cluster = _api.Cluster });
    }

    public async Task DisposeAsync()
    {
        await _kubelet.DisposeAsync();
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Started_AfterBootTime_RegistersReadyNodeWithTheKubeletsAndCloudControllersLabels()
    {
        var instance = Instance("i-0a1", "ip-10-0-0-1.ec2.internal", "m5.large");
        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Started, instance));

        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Booting == 1), "the boot timer");
        Assert.Empty((await _client.CoreV1.ListNodeAsync()).Items);
        _time.Advance(TimeSpan.FromSeconds(3));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Registered == 1), "the node to register");

        var node = await _client.CoreV1.ReadNodeAsync("ip-10-0-0-1.ec2.internal");
        var type = Catalog.Find("m5.large")!;
        Assert.Equal("aws:///us-east-1b/i-0a1", node.Spec.ProviderID);
        Assert.Equal(
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["beta.kubernetes.io/arch"] = "amd64",
                ["beta.kubernetes.io/instance-type"] = "m5.large",
                ["beta.kubernetes.io/os"] = "linux",
                ["failure-domain.beta.kubernetes.io/region"] = "us-east-1",
                ["failure-domain.beta.kubernetes.io/zone"] = "us-east-1b",
                [WellKnownLabels.Arch] = "amd64",
                [WellKnownLabels.Hostname] = "ip-10-0-0-1.ec2.internal",
                [WellKnownLabels.Os] = "linux",
                [WellKnownLabels.InstanceType] = "m5.large",
                [WellKnownLabels.NodePool] = "web",
                [WellKnownLabels.Region] = "us-east-1",
                [WellKnownLabels.Zone] = "us-east-1b",
            },
            new SortedDictionary<string, string>(node.Metadata.Labels, StringComparer.Ordinal));
        Assert.Equal(type.Allocatable[ResourceNames.Cpu] / 1000m, node.Status.Allocatable["cpu"].ToDecimal());
        var taint = Assert.Single(node.Spec.Taints);
        Assert.Equal(("dedicated", "web", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));
        Assert.Contains(node.Status.Conditions, c => c is { Type: "Ready", Status: "True" });
    }

    [Fact]
    public async Task Terminated_RegisteredNode_IsDeleted()
    {
        var instance = Instance("i-0a2", "ip-10-0-0-2.ec2.internal", "m5.large");
        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Started, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Booting == 1), "the boot timer");
        _time.Advance(TimeSpan.FromSeconds(3));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Registered == 1), "the node to register");

        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Terminated, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Removed == 1), "the node to go");

        Assert.Empty((await _client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Terminated_WhileBooting_NeverRegisters()
    {
        var instance = Instance("i-0a3", "ip-10-0-0-3.ec2.internal", "m5.large");
        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Started, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Booting == 1), "the boot timer");
        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Terminated, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Booting == 0), "the boot to be abandoned");

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Empty((await _client.CoreV1.ListNodeAsync()).Items);
        Assert.Equal(0, _kubelet.Registered);
    }

    [Theory]
    [InlineData("no user data")]
    [InlineData("a shell script only")]
    [InlineData("empty endpoint")]
    [InlineData("empty CA")]
    [InlineData("another endpoint")]
    [InlineData("another CA")]
    [InlineData("another cluster name")]
    [InlineData("a later NodeConfig part naming another cluster")]
    public async Task Started_UserDataNotNamingThisCluster_InstanceRunsButNodeNeverRegisters(string userData)
    {
        var cluster = _api.Cluster;
        var instance = Instance("i-0a4", "ip-10-0-0-4.ec2.internal", "m5.large") with
        {
            UserData = userData switch
            {
                "no user data" => null,
                "a shell script only" => "#!/bin/bash\necho hello\n",
                "empty endpoint" => NodeConfig(cluster with { Endpoint = "" }),
                "empty CA" => NodeConfig(cluster with { CertificateAuthority = "" }),
                "another endpoint" => NodeConfig(cluster with { Endpoint = "https://ABCD.gr7.us-east-1.eks.amazonaws.com" }),
                "another CA" => NodeConfig(cluster with { CertificateAuthority = Convert.ToBase64String("-----BEGIN CERTIFICATE-----\n"u8) }),
                "another cluster name" => NodeConfig(cluster with { Name = "prod" }),
                _ => MultiPart(NodeConfig(cluster), NodeConfig(cluster with { Name = "prod" })),
            },
        };

        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Started, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.CannotJoin == 1), "the kubelet to refuse the NodeConfig");
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Empty((await _client.CoreV1.ListNodeAsync()).Items);
        Assert.Equal(0, _kubelet.Registered);
    }

    [Fact]
    public async Task Started_MultiPartUserDataWithShellScriptAndNodeConfig_Registers()
    {
        var instance = Instance("i-0a5", "ip-10-0-0-5.ec2.internal", "m5.large") with { UserData = MultiPart("#!/bin/bash\necho hello", NodeConfig(_api.Cluster)) };

        await _events.Writer.WriteAsync(new InstanceEvent(InstanceEventKind.Started, instance));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Booting == 1), "the boot timer");
        _time.Advance(TimeSpan.FromSeconds(3));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(_kubelet.Registered == 1), "the node to register");

        Assert.Equal(0, _kubelet.CannotJoin);
    }

    private SimulatedInstance Instance(string id, string name, string type) => new(
        id,
        name,
        type,
        "us-east-1b",
        CapacityTypes.Spot,
        new Dictionary<string, string> { [WellKnownLabels.NodePool] = "web" },
        [new Taint("dedicated", "web", "NoSchedule")])
    {
        UserData = NodeConfig(_api.Cluster),
    };

    /// <summary>A NodeConfig as nodeadm reads it, written here by hand rather than by the sidecar's own builder.</summary>
    private static string NodeConfig(SandboxClusterIdentity cluster) => $"""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          cluster:
            name: "{cluster.Name}"
            apiServerEndpoint: "{cluster.Endpoint}"
            certificateAuthority: "{cluster.CertificateAuthority}"
            cidr: 10.100.0.0/16
        """;

    private static string MultiPart(string first, string second)
    {
        static string Type(string body) => body.StartsWith("#!", StringComparison.Ordinal) ? "text/x-shellscript" : "application/node.eks.aws";
        return $"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\n--BOUNDARY\nContent-Type: {Type(first)}\n\n{first}\n\n--BOUNDARY\nContent-Type: {Type(second)}\n\n{second}\n\n--BOUNDARY--\n";
    }
}
