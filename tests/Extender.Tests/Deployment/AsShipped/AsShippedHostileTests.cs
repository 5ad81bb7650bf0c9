using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Extender.Core.Cluster;
using Extender.Demo;
using Extender.Tests.Endpoints;
using Extender.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>
/// The shipped install against callers that are not the scheduler (issue 15, item 5): the replicas run from the
/// rendered manifests with the Deployment's own env, under RBAC, with a NodePool and EC2NodeClass that would buy for
/// any pod it is given. A forged pod must buy nothing, a bind must be the pod's own, and the verbs must not be
/// reachable but on loopback.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AsShippedHostileTests(ITestOutputHelper output)
{
    /// <summary>Far longer than the batcher's 1 s hard maximum: a batch for a forged pod would have been planned by then.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    [KubectlFact]
    public async Task AsShipped_ForgedFilterAndBindCalls_BuyNothingBindNothingAndTheVerbsAreOnLoopbackOnly()
    {
        await using var cluster = await AsShippedCluster.StartAsync(output.WriteLine);
        Assert.True(await AsShippedCluster.Eventually(() => cluster.Replicas.Count(r => r.IsLeader) == 1, TimeSpan.FromSeconds(20)), "no leader");
        cluster.Api.Upsert(DefaultResources.NodeClass());
        cluster.Api.Upsert(DefaultResources.NodePool());
        var node = WirePayloads.Node("n1");
        node.ApiVersion = "v1";
        node.Kind = "Node";
        cluster.Api.Upsert(node);
        // A real pod of this install that fits n1: nothing is bought for it, and it is the name a forger borrows.
        var real = WirePayloads.Pod("web", cpu: "1", uid: "ignored");
        real.ApiVersion = "v1";
        real.Kind = "Pod";
        real.Metadata.Uid = null;
        var uid = (string)cluster.Api.Upsert(real)["metadata"]!["uid"]!;
        Assert.True(await AsShippedCluster.Eventually(() => cluster.Replicas.All(r => Cluster(r).FindPod(uid) is not null && Cluster(r).FindNode("n1") is not null), TimeSpan.FromSeconds(20)), "the watches never showed the pod and the node");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var answers = new List<string>();
        foreach (var replica in cluster.Replicas)
        {
            // Fits no node (64 CPUs): trusted, either pod would be bought for.
            answers.Add(await PostAsync(http, replica, "filter", WirePayloads.WithNames(WirePayloads.Pod("forged", cpu: "64", uid: "uid-forged"), "n1")));
            answers.Add(await PostAsync(http, replica, "filter", WirePayloads.WithNames(WirePayloads.Pod("web", cpu: "64", uid: "uid-not-webs"), "n1")));
            answers.Add(await PostAsync(http, replica, "bind", $$"""{"PodName":"web","PodNamespace":"default","PodUID":"uid-not-webs","Node":"n1"}"""));
        }

        await Task.Delay(Settle);
        output.WriteLine(string.Join(Environment.NewLine, answers));
        var web = cluster.Api.List("v1", "Pod", "default").Single();
        Assert.Null((string?)web["spec"]?["nodeName"]);
        Assert.Empty(cluster.Api.List("provisioning.extender.io/v1alpha1", "NodeClaim"));
        Assert.Empty(cluster.Ec2.Instances);
        Assert.All(answers.Where(a => a.StartsWith("bind", StringComparison.Ordinal)), a => Assert.Contains("no pod default/web with UID uid-not-webs", a, StringComparison.Ordinal));

        // The pod's own UID binds it (the Binding carries it, and the sandbox checks it as the API server does).
        var bound = await PostAsync(http, cluster.Replicas[0], "bind", $$"""{"PodName":"web","PodNamespace":"default","PodUID":"{{uid}}","Node":"n1"}""");
        Assert.EndsWith("""{"Error":""}""", bound, StringComparison.Ordinal);
        Assert.Equal("n1", (string?)cluster.Api.List("v1", "Pod", "default").Single()["spec"]?["nodeName"]);

        // The shipped verbs listener is loopback: through this machine's other address the connection is refused.
        var address = NonLoopbackAddress();
        Assert.NotNull(address);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(cluster.Replicas[0].Address.Host)));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(
            new Uri($"http://{address}:{cluster.Replicas[0].Address.Port}/scheduler/bind"), new StringContent("{}", Encoding.UTF8, "application/json")));
        Assert.Equal(SocketError.ConnectionRefused, (refused.InnerException as SocketException)?.SocketErrorCode);
    }

    private static ClusterSnapshot Cluster(ShippedReplica replica) => replica.App.Services.GetRequiredService<ClusterState>().Current;

    private static async Task<string> PostAsync(HttpClient http, ShippedReplica replica, string verb, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(replica.Address, $"/scheduler/{verb}"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return $"{verb} on {replica.Pod.Name}: {await response.Content.ReadAsStringAsync()}";
    }

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
