using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Models;

namespace Extender.Benchmarks.Kubernetes;

/// <summary>
/// What one request costs in the sandbox API server as the demo runs it: pod and NodeClaim creates, one at a time and
/// 16 at a time, over plain HTTP without RBAC and over HTTPS with RBAC enforced (the demo's settings), as the sidecar's
/// ServiceAccount. Prints p50/p99 per case.
/// </summary>
internal static class SandboxRequestLatency
{
    public static int Run(TextWriter output, int count)
    {
        foreach (var (https, rbac) in new[] { (false, false), (true, false), (true, true) })
        {
            RunCase(output, https, rbac, count).GetAwaiter().GetResult();
        }

        return 0;
    }

    private static async Task RunCase(TextWriter output, bool https, bool rbac, int count)
    {
        await using var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { Https = https, EnforceRbac = rbac });
        var token = ShippedIdentity.Install(api);
        using var admin = new k8s.Kubernetes(api.ClientConfiguration());
        using var client = new k8s.Kubernetes(api.ClientConfiguration(token));
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "bench" } });
        var label = $"https={https} rbac={rbac}";
        var next = 0;
        Task CreatePod(IKubernetes c) => c.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"p-{Interlocked.Increment(ref next)}", NamespaceProperty = "bench" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } } }] },
        }, "bench");
        Task CreateClaim(IKubernetes c) => c.CustomObjects.CreateClusterCustomObjectAsync(Claim(Interlocked.Increment(ref next)), "provisioning.extender.io", "v1alpha1", "nodeclaims");
        await Measure(output, $"{label} pod create (admin)", count, 1, () => CreatePod(admin));
        await Measure(output, $"{label} pod create (admin)", count, 16, () => CreatePod(admin));
        await Measure(output, $"{label} claim create (sidecar)", count, 1, () => CreateClaim(client));
        await Measure(output, $"{label} claim create (sidecar)", count, 16, () => CreateClaim(client));
    }

    private static async Task Measure(TextWriter output, string label, int count, int parallel, Func<Task> call)
    {
        for (var i = 0; i < 20; i++)
        {
            await call();
        }

        var times = new double[count];
        var index = -1;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, parallel), async (_, _) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref index)) < count)
            {
                var t = Stopwatch.GetTimestamp();
                await call();
                times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        });
        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Array.Sort(times);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-48} x{parallel,-3} p50 {times[count / 2],6:F2} ms  p99 {times[(int)(count * 0.99)],6:F2} ms  {count / total * 1000,7:F0}/s"));
    }

    // Shaped as the provisioner writes one: 60 launch options and 40 reserved pods.
    internal static JsonObject Claim(int i) => new()
    {
        ["apiVersion"] = "provisioning.extender.io/v1alpha1",
        ["kind"] = "NodeClaim",
        ["metadata"] = new JsonObject { ["name"] = $"c-{i}", ["labels"] = new JsonObject { ["provisioning.extender.io/nodepool"] = "default" } },
        ["spec"] = new JsonObject
        {
            ["nodePool"] = "default",
            ["nodeClassRef"] = new JsonObject { ["group"] = "provisioning.extender.io", ["kind"] = "EC2NodeClass", ["name"] = "default" },
            ["requirements"] = new JsonArray(new JsonObject { ["key"] = "node.kubernetes.io/instance-type", ["operator"] = "In", ["values"] = new JsonArray([.. Enumerable.Range(0, 60).Select(t => (JsonNode)$"m{t}.large")]) }),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "7", ["memory"] = "28Gi" } },
            ["launchOptions"] = new JsonArray([.. Enumerable.Range(0, 60).Select(t => (JsonNode)new JsonObject { ["instanceType"] = $"m{t}.large", ["zone"] = "us-east-1a", ["capacityType"] = "on-demand", ["pricePerHour"] = "0.096" })]),
            ["reservedFor"] = new JsonArray([.. Enumerable.Range(0, 40).Select(p => (JsonNode)new JsonObject { ["namespace"] = "default", ["name"] = $"web-{p}", ["uid"] = $"uid-{i}-{p}", ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" }, ["reservedAt"] = "2026-12-04T10:00:00Z" })]),
        },
    };
}
