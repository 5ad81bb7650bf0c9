using Extender.Tests.EndToEnd;
using Xunit.Abstractions;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>The rendered <c>manifests/</c>, applied and run as a cluster would run them (issue 13, item 6).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AsShippedTests(ITestOutputHelper output)
{
    // Longer than the shipped lease duration (15 s): a replica that can take the lease has taken it by then.
    private static readonly TimeSpan ElectionWindow = TimeSpan.FromSeconds(20);

    [KubectlFact]
    public async Task AsShipped_ManifestsApplied_SidecarsStartElectOneLeaderAndAreNeverForbidden()
    {
        await using var cluster = await AsShippedCluster.StartAsync(output.WriteLine);

        var elected = await AsShippedCluster.Eventually(() => cluster.Replicas.Count(r => r.IsLeader) == 1, ElectionWindow);
        using var http = new HttpClient();
        var ready = new List<string>();
        foreach (var replica in cluster.Replicas)
        {
            using var response = await http.GetAsync(new Uri(replica.ProbesAddress, "/readyz"));
            ready.Add($"{replica.Pod.Name}: /readyz {(int)response.StatusCode}");
        }

        var policy = cluster.Policy;
        var denied = cluster.Api.Audit
            .Where(a => a.User == cluster.ServiceAccount.Name && !a.Allowed)
            .Select(a => policy.Authorize(cluster.ServiceAccount, a).Message)
            .Distinct()
            .ToList();
        foreach (var message in denied)
        {
            output.WriteLine("403: " + message);
        }

        Assert.Equal((long?)cluster.Deployment["spec"]?["replicas"] ?? 1, cluster.Replicas.Count);
        Assert.Empty(cluster.UnappliedEnvironment);
        Assert.All(ready, r => Assert.EndsWith("/readyz 200", r, StringComparison.Ordinal));
        Assert.True(denied.Count == 0, $"the sidecars were refused {denied.Count} kind(s) of request: {string.Join(" | ", denied)}");
        Assert.True(elected, $"no single leader within {ElectionWindow.TotalSeconds} s: {cluster.Replicas.Count(r => r.IsLeader)} replica(s) lead");
    }
}
