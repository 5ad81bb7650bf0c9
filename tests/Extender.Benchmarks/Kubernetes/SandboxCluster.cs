using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Core.Cluster;
using Extender.Kubernetes.Hosting;
using Extender.Kubernetes.State;
using Extender.Sandbox.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Extender.Benchmarks.Kubernetes;

/// <summary>A sandbox API server seeded with a realistic cluster, and the adapter host that syncs from it.</summary>
internal static class SandboxCluster
{
    public static async Task<SandboxApiServer> SeedAsync(int nodes, int pods)
    {
        var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { HistoryWindow = 10_000 });
        for (var n = 0; n < nodes; n++)
        {
            api.Upsert(Node(n));
        }

        for (var p = 0; p < pods; p++)
        {
            api.Upsert(Pod(p, p % 10 == 0 ? null : $"ip-10-0-{(p % nodes) / 250}-{(p % nodes) % 250}"));
        }

        return api;
    }

    public static IHost BuildHost(SandboxApiServer api, string kubeconfig)
    {
        api.WriteKubeconfig(kubeconfig);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = kubeconfig,
            ["Kubernetes:LeaderElection:Enabled"] = "false",
        });
        builder.Services.AddKubernetesState(builder.Configuration);
        return builder.Build();
    }

    public static async Task<(ClusterState State, TimeSpan SyncTime)> StartAndSyncAsync(IHost host)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await host.StartAsync();
        await host.Services.GetRequiredService<IKubernetesSyncStatus>().WhenSyncedAsync(CancellationToken.None);
        return (host.Services.GetRequiredService<ClusterState>(), System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public static JsonObject Pod(int index, string? nodeName, int generation = 0)
    {
        var name = $"web-{index / 10:D5}-{index % 10}";
        var ns = $"team-{index % 20}";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = Uid("pod", index),
                ["labels"] = new JsonObject { ["app"] = $"web-{index / 10}", ["pod-template-hash"] = "5d8f7c9b6", ["tier"] = "frontend", ["generation"] = generation.ToString(CultureInfo.InvariantCulture) },
                ["annotations"] = new JsonObject { ["kubectl.kubernetes.io/restartedAt"] = "2025-01-01T00:00:00Z" },
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = $"web-{index / 10}-5d8f7c9b6", ["uid"] = Uid("rs", index / 10), ["controller"] = true }),
                ["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kube-controller-manager", ["operation"] = "Update", ["apiVersion"] = "v1", ["fieldsType"] = "FieldsV1", ["fieldsV1"] = new JsonObject { ["f:metadata"] = new JsonObject { ["f:labels"] = new JsonObject { ["f:app"] = new JsonObject(), ["f:tier"] = new JsonObject() } } } }),
            },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = nodeName,
                ["schedulerName"] = "default-scheduler",
                ["containers"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = "registry.example.com/web:1.2.3",
                        ["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "production" }, new JsonObject { ["name"] = "PORT", ["value"] = "8080" }),
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "512Mi" }, ["limits"] = new JsonObject { ["memory"] = "1Gi" } },
                    },
                    new JsonObject { ["name"] = "sidecar", ["image"] = "registry.example.com/proxy:2.0", ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "64Mi" } } }),
                ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 }),
                ["topologySpreadConstraints"] = new JsonArray(new JsonObject { ["maxSkew"] = 1, ["topologyKey"] = "topology.kubernetes.io/zone", ["whenUnsatisfiable"] = "ScheduleAnyway", ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = $"web-{index / 10}" } } }),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = nodeName is null ? "Pending" : "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = nodeName is null ? "False" : "True", ["reason"] = nodeName is null ? "Unschedulable" : null }),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["ready"] = true, ["restartCount"] = 0, ["image"] = "registry.example.com/web:1.2.3", ["imageID"] = "registry.example.com/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }),
            },
        };
    }

    public static JsonObject Node(int index)
    {
        var images = new JsonArray();
        for (var i = 0; i < 10; i++)
        {
            images.Add(new JsonObject { ["names"] = new JsonArray($"registry.example.com/image-{i}@sha256:{i:D64}", $"registry.example.com/image-{i}:v{i}"), ["sizeBytes"] = 123_456_789 + i });
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"ip-10-0-{index / 250}-{index % 250}",
                ["uid"] = Uid("node", index),
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = "m7i.2xlarge",
                    ["topology.kubernetes.io/zone"] = $"us-east-1{(char)('a' + (index % 3))}",
                    ["topology.kubernetes.io/region"] = "us-east-1",
                    ["provisioning.extender.io/capacity-type"] = "on-demand",
                    ["provisioning.extender.io/nodepool"] = "default",
                },
            },
            ["spec"] = new JsonObject { ["providerID"] = $"aws:///us-east-1a/i-{index:x17}" },
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32386100Ki", ["pods"] = "58", ["ephemeral-storage"] = "104845292Ki" },
                ["allocatable"] = new JsonObject { ["cpu"] = "7910m", ["memory"] = "31369264Ki", ["pods"] = "58", ["ephemeral-storage"] = "95551679124" },
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady" }),
                ["images"] = images,
            },
        };
    }

    private static string Uid(string kind, int index) => $"{kind}-{index:D8}-0000-0000-0000-000000000000";
}
