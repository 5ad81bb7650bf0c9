using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Extender.Sandbox.Kubernetes;
using Extender.Tests.Deployment;
using Extender.Tests.Deployment.AsShipped;

namespace Extender.Tests.Sandbox;

/// <summary>
/// A scripted session of the real kubectl (/usr/bin/kubectl) against the sandbox as the demo runs it, as the README's
/// <c>demo --no-workload</c> section shows it: every command exits 0 without <c>--raw</c> or <c>--validate=false</c>,
/// and prints what a cluster would. Like the demo's, this sandbox serves HTTPS and enforces RBAC: kubectl presents the
/// kubeconfig's token (it sends none over plain HTTP) and trusts the cluster CA from it, and what it may do is what the
/// stored Roles and bindings grant.
/// </summary>
public sealed class KubectlSessionTests
{
    private const string ServiceAccount = "system:serviceaccount:ec2-capacity-system:ec2-capacity-extender";

    [KubectlFact]
    public async Task Kubectl_ScriptedSession_EveryCommandSucceedsAndPrintsWhatAClusterWould()
    {
        await using var api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { Https = true, EnforceRbac = true });
        using var kubectl = new KubectlSession(api);
        try
        {
            await RunSessionAsync(api, kubectl);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"session so far:\n{string.Join('\n', kubectl.Transcript)}", e);
        }
    }

    private static async Task RunSessionAsync(SandboxApiServer api, KubectlSession kubectl)
    {
        var manifests = RepositoryRoot.Combine("manifests");
        var resources = kubectl.Run("api-resources");
        Assert.Matches(@"nodepools\s+np\s+provisioning\.extender\.io/v1alpha1\s+false\s+NodePool", resources);

        // The install's namespace, identity and RBAC, then the examples: a dry run first, which must store nothing.
        kubectl.Run("apply", "-f", Path.Combine(manifests, "namespace.yaml"), "-f", Path.Combine(manifests, "serviceaccount.yaml"), "-f", Path.Combine(manifests, "rbac-extender.yaml"));
        var before = api.ResourceVersion;
        Assert.Contains("nodepool.provisioning.extender.io/general created (server dry run)", kubectl.Run("apply", "-k", Path.Combine(manifests, "examples"), "--dry-run=server"), StringComparison.Ordinal);
        Assert.Equal(before, api.ResourceVersion);
        Assert.Contains("nodepool.provisioning.extender.io/general created", kubectl.Run("apply", "-k", Path.Combine(manifests, "examples")), StringComparison.Ordinal);
        Assert.Contains("nodepool.provisioning.extender.io/general unchanged", kubectl.Run("apply", "-k", Path.Combine(manifests, "examples")), StringComparison.Ordinal);
        Assert.Matches(@"NAME\s+WEIGHT\s+NODES\s+CPU\s+MEMORY\s+READY\s+AGE\n(.*\n)*general\s+50\s", kubectl.Run("get", "nodepools"));
        Assert.Contains("Which nodes may be launched for pending pods.", kubectl.Run("explain", "nodepool.spec"), StringComparison.Ordinal);

        // A node, and pods applied from a file: one bound to it, one left pending.
        api.Upsert(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = "n1", ["labels"] = new JsonObject { ["node-role.kubernetes.io/worker"] = "" } },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = "10.0.0.5" }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.33.0", ["osImage"] = "Bottlerocket", ["kernelVersion"] = "6.1", ["containerRuntimeVersion"] = "containerd://2.0" },
            },
        });
        var pods = kubectl.File("pods.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, labels: {app: web}}
            spec:
              nodeName: n1
              terminationGracePeriodSeconds: 0
              containers: [{name: app, image: "nginx:1.27"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-2, labels: {app: web}}
            spec:
              containers: [{name: app, image: "nginx:1.27"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: db-1, labels: {app: db}}
            spec:
              containers: [{name: db, image: "postgres:17"}]
            """);
        Assert.Contains("pod/web-1 created", kubectl.Run("apply", "-f", pods), StringComparison.Ordinal);
        await RecordEventAsync(api, "web-1");

        Assert.Matches(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n(.*\n)*web-1\s+0/1\s+Pending\s+0\s+\S+\s+<none>\s+n1\s", kubectl.Run("get", "pods", "-o", "wide"));
        var web = kubectl.Run("get", "pods", "-l", "app=web", "-o", "name");
        Assert.Equal(["pod/web-1", "pod/web-2"], web.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("pod/web-2", kubectl.Run("get", "pods", "--field-selector", "spec.nodeName=", "-l", "app=web", "-o", "name").Trim());
        Assert.Matches(@"n1\s+Ready\s+worker\s+\S+\s+v1\.33\.0\s+10\.0\.0\.5\s+<none>\s+Bottlerocket", kubectl.Run("get", "nodes", "-o", "wide"));
        var described = kubectl.Run("describe", "pod", "web-1");
        Assert.True(Regex.IsMatch(described, @"Events:(.*\n)*\s+Normal\s+CapacityReserved\s+.*provisioning\.extender\.io/extender\s+NodeClaim c1 holds capacity for this pod"), described);
        Assert.Contains("CapacityReserved", kubectl.Run("get", "events"), StringComparison.Ordinal);
        Assert.Matches(@"Name:\s+n1", kubectl.Run("describe", "node", "n1"));
        Assert.Matches(@"Weight:\s+50", kubectl.Run("describe", "nodepool", "general"));

        // Server-side apply twice: the second is a clean re-apply.
        var deployment = kubectl.File("deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, labels: {app: api}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers: [{name: api, image: "example/api:1"}, {name: proxy, image: "example/proxy:1"}]
            """);
        Assert.Contains("deployment.apps/api serverside-applied", kubectl.Run("apply", "--server-side", "-f", deployment), StringComparison.Ordinal);
        Assert.Contains("deployment.apps/api serverside-applied", kubectl.Run("apply", "--server-side", "-f", deployment), StringComparison.Ordinal);

        // get -w sees a change made while it watches; its request timeout ends it with exit 0.
        var watch = kubectl.Start("get", "nodepool", "general", "-w", "--request-timeout=8s");
        await WaitForAsync(() => watch.Output.Contains("general", StringComparison.Ordinal));
        kubectl.Run("patch", "nodepool", "general", "--type", "merge", "-p", """{"spec":{"weight":60}}""");
        var (watchCode, watched, _) = watch.Finish();
        Assert.Equal(0, watchCode);
        Assert.Matches(@"general\s+60\s", watched);

        // Each patch type.
        kubectl.Run("patch", "deployment", "api", "--type", "strategic", "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"example/api:2"}]}}}}""");
        Assert.Equal("example/api:2 example/proxy:1", kubectl.Run("get", "deployment", "api", "-o", "jsonpath={.spec.template.spec.containers[*].image}").Trim());
        kubectl.Run("patch", "pod", "web-2", "--type", "json", "-p", """[{"op":"add","path":"/metadata/labels/tier","value":"front"}]""");
        Assert.Equal("front", kubectl.Run("get", "pod", "web-2", "-o", "jsonpath={.metadata.labels.tier}").Trim());
        Assert.Equal("60", kubectl.Run("get", "nodepool", "general", "-o", "jsonpath={.spec.weight}").Trim());
        kubectl.Run("patch", "nodepool", "general", "--type", "merge", "-p", """{"spec":{"weight":70}}""", "--dry-run=server");
        Assert.Equal("60", kubectl.Run("get", "nodepool", "general", "-o", "jsonpath={.spec.weight}").Trim());

        // Identity: the sidecar's ServiceAccount may do what its ClusterRole grants, and no more.
        Assert.Equal("yes", kubectl.Run("auth", "can-i", "list", "pods", $"--as={ServiceAccount}").Trim());
        Assert.Equal("yes", kubectl.Run("auth", "can-i", "create", "nodeclaims.provisioning.extender.io", $"--as={ServiceAccount}").Trim());
        Assert.Contains(
            $"Error from server (Forbidden): deployments.apps \"api\" is forbidden: User \"{ServiceAccount}\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"default\"",
            kubectl.RunFailing("delete", "deployment", "api", $"--as={ServiceAccount}"),
            StringComparison.Ordinal);
        Assert.Equal("2", kubectl.Run("get", "deployment", "api", "-o", "jsonpath={.spec.replicas}").Trim());
        var stranger = kubectl.File("stranger.kubeconfig", System.IO.File.ReadAllText(kubectl.Kubeconfig).Replace("token: ", "token: not-", StringComparison.Ordinal));
        Assert.Contains("You must be logged in to the server (Unauthorized)", kubectl.RunFailing("--kubeconfig", stranger, "get", "pods"), StringComparison.Ordinal);

        // Deletes: one pod, then every one left.
        Assert.Contains("pod \"web-1\" deleted", kubectl.Run("delete", "pod", "web-1"), StringComparison.Ordinal);
        Assert.Contains("pod \"db-1\" deleted", kubectl.Run("delete", "pods", "--all"), StringComparison.Ordinal);
        Assert.Equal("", kubectl.Run("get", "pods", "-o", "name").Trim());
    }

    /// <summary>What the provisioner records for a pod, through events.k8s.io as its client does (describe matches the uid too).</summary>
    private static async Task RecordEventAsync(SandboxApiServer api, string pod)
    {
        using var client = new SandboxApiClient(api);
        var (code, _) = await client.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{pod}.1" },
            ["eventTime"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["reason"] = "CapacityReserved",
            ["note"] = "NodeClaim c1 holds capacity for this pod",
            ["type"] = "Normal",
            ["action"] = "Reserve",
            ["reportingController"] = "provisioning.extender.io/extender",
            ["reportingInstance"] = "extender-0",
            ["regarding"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["namespace"] = "default",
                ["name"] = pod,
                ["apiVersion"] = "v1",
                ["uid"] = api.List("v1", "Pod", "default").Single(p => (string?)p["metadata"]!["name"] == pod)["metadata"]!["uid"]!.DeepClone(),
            },
        });
        Assert.Equal(201, code);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "kubectl get -w printed nothing within 30 s");
    }
}
