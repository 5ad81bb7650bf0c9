using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Extender.Provisioning.Ports;
using Extender.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Extender.Tests.Wiring;

/// <summary>
/// A replica that does not lead answers filter calls with the reservations every replica learns from the NodeClaim
/// watch (issue 13: within 1 s of the claim's write). The sidecar here never leads: another identity holds the lease.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class StandbyReservationTests(ITestOutputHelper output)
{
    private const int Claims = 100;
    private const string Group = "provisioning.extender.io/v1alpha1";

    [Fact]
    public async Task Filter_OnAReplicaThatDoesNotLead_RefusesANodeOnceAClaimReservesIt()
    {
        await using var sidecar = await SandboxSidecar.StartAsync(prepare: api => api.Upsert(OthersLease()));
        for (var i = 0; i < Claims; i++)
        {
            sidecar.Api.Upsert(Node(i));
            sidecar.Api.Upsert(Pod($"owner-{i}", "3"));
        }

        var services = sidecar.Services;
        Assert.True(await SandboxSidecar.Eventually(() => Task.FromResult(services.GetRequiredService<ISyncStatus>().IsSynced && Filter(sidecar, 0).Result)));
        Assert.False(services.GetRequiredService<ILeadership>().IsLeader);

        var latencies = new List<double>();
        for (var i = 0; i < Claims; i++)
        {
            Assert.True(await Filter(sidecar, i), $"node-{i} refused the stranger before any claim reserved it");
            sidecar.Api.Upsert(Claim(i));
            var written = Stopwatch.GetTimestamp();
            while (await Filter(sidecar, i))
            {
                Assert.True(Stopwatch.GetElapsedTime(written) < TimeSpan.FromSeconds(10), $"claim-{i}'s reservation never reached the standby's filter");
            }

            latencies.Add(Stopwatch.GetElapsedTime(written).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"claim write -> standby filter refuses: p50 {latencies[Claims / 2]:0.0} ms, p99 {latencies[Claims * 99 / 100]:0.0} ms, max {latencies[^1]:0.0} ms over {Claims} claims"));

        // The target is 1 s; the bound here is wide because the machine's two cores are shared.
        Assert.True(latencies[Claims / 2] < 1000, $"p50 {latencies[Claims / 2]} ms");
    }

    /// <summary>True when the stranger (2 CPU) may go to node-<paramref name="i"/>, which has 3.9 CPU.</summary>
    private static async Task<bool> Filter(SandboxSidecar sidecar, int i)
    {
        var body = new JsonObject { ["Pod"] = Pod("stranger", "2"), ["NodeNames"] = new JsonArray($"node-{i}") };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await sidecar.Http.PostAsync(new Uri("/scheduler/filter", UriKind.Relative), content);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return answer["NodeNames"] is JsonArray { Count: 1 };
    }

    private static JsonObject OthersLease() => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject { ["name"] = "ec2-capacity-provisioner", ["namespace"] = SandboxSidecar.Namespace },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = "the-other-replica",
            ["leaseDurationSeconds"] = 3600,
            ["acquireTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            ["renewTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        },
    };

    private static JsonObject Node(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = $"node-{i}", ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = $"node-{i}" } },
        ["spec"] = new JsonObject { ["providerID"] = $"aws:///us-east-1a/i-{i:x17}" },
        ["status"] = new JsonObject
        {
            ["allocatable"] = new JsonObject { ["cpu"] = "3900m", ["memory"] = "15Gi", ["pods"] = "58" },
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        },
    };

    private static JsonObject Pod(string name, string cpu) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = "uid-" + name },
        ["spec"] = new JsonObject
        {
            ["schedulerName"] = "ec2-capacity-scheduler",
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = "1Gi" } } }),
        },
        ["status"] = new JsonObject { ["phase"] = "Pending" },
    };

    private static JsonObject Claim(int i) => new()
    {
        ["apiVersion"] = Group,
        ["kind"] = "NodeClaim",
        ["metadata"] = new JsonObject { ["name"] = $"claim-{i}" },
        ["spec"] = new JsonObject
        {
            ["nodePool"] = "default",
            ["nodeClassRef"] = new JsonObject { ["group"] = "provisioning.extender.io", ["kind"] = "EC2NodeClass", ["name"] = "default" },
            ["reservedFor"] = new JsonArray(new JsonObject
            {
                ["namespace"] = "default",
                ["name"] = $"owner-{i}",
                ["uid"] = $"uid-owner-{i}",
                ["requests"] = new JsonObject { ["cpu"] = "3", ["memory"] = "1Gi" },
                ["reservedAt"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            }),
        },
        ["status"] = new JsonObject { ["providerID"] = $"aws:///us-east-1a/i-{i:x17}", ["nodeName"] = $"node-{i}" },
    };
}
