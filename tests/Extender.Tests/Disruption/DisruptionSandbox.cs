using System.Text.Json.Nodes;
using Extender.Demo;
using Extender.Sandbox.Kubernetes;
using Extender.Tests.EndToEnd;
using Extender.Tests.Sandbox.Controllers;
using k8s;
using k8s.Models;

namespace Extender.Tests.Disruption;

/// <summary>What the disruption end-to-end tests do to and read from the sandbox, as a user and an auditor would.</summary>
internal static class DisruptionSandbox
{
    public const string CustomResource = "provisioning.extender.io/v1alpha1";

    /// <summary>Pod DELETEs the sidecar sent itself (not evictions): the drain must never need one without a grace deadline.</summary>
    public static int SidecarPodDeletes(EndToEndRun run) => SidecarPodDeletes(run.Environment.Api);

    /// <summary>The same count on any sandbox API server (the as-shipped cluster's too).</summary>
    public static int SidecarPodDeletes(SandboxApiServer api) =>
        api.Audit.Count(a => a is { Verb: "delete", Resource: "pods", Subresource: null } && a.User.Contains("ec2-capacity-extender", StringComparison.Ordinal));

    /// <summary>
    /// A demo scenario with no waves and one NodePool of two-vCPU amd64 nodes (so 1.5-vCPU pods go one per node), on
    /// demand unless <paramref name="capacityTypes"/> says otherwise, with <paramref name="disruption"/> as its
    /// <c>spec.disruption</c> and <paramref name="labels"/> on its template.
    /// </summary>
    /// <param name="disruption">The NodePool's <c>spec.disruption</c>.</param>
    /// <param name="labels">Its template's labels.</param>
    /// <param name="capacityTypes">The capacity types it allows; with spot, give <paramref name="spotDiscount"/> too.</param>
    /// <param name="spotDiscount">The scenario's spot discount (no spot offerings without one).</param>
    /// <param name="requirements">More requirements, as YAML list items.</param>
    /// <param name="bootSeconds">How long the sandbox's instances take to boot.</param>
    /// <param name="waves">The scenario's waves, as a YAML flow sequence.</param>
    /// <param name="capacityBuffers">The scenario's CapacityBuffer manifests, as a YAML flow sequence.</param>
    public static string OnePodPerNodeScenario(string disruption, string labels = "{}", string capacityTypes = "[on-demand]", double? spotDiscount = null, string requirements = "", int bootSeconds = 1, string waves = "[]", string capacityBuffers = "[]") => $$"""
        bootSeconds: {{bootSeconds}}
        {{(spotDiscount is { } discount ? $"spotDiscount: {discount.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "")}}
        waves: {{waves}}
        capacityBuffers: {{capacityBuffers}}
        nodePools:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: {name: default}
          spec:
            template:
              metadata: {labels: {{labels}}}
              spec:
                nodeClassRef: {group: provisioning.extender.io, kind: EC2NodeClass, name: default}
                requirements:
                - {key: provisioning.extender.io/capacity-type, operator: In, values: {{capacityTypes}}}
                - {key: kubernetes.io/arch, operator: In, values: [amd64]}
                - {key: provisioning.extender.io/instance-cpu, operator: In, values: ["2"]}
                {{requirements}}
            disruption: {{disruption}}
        """;

    public static IEnumerable<JsonObject> Events(EndToEndRun run) => run.Environment.Api.List("events.k8s.io/v1", "Event");

    public static IReadOnlyList<JsonObject> Claims(EndToEndRun run) => run.Environment.Api.List(CustomResource, "NodeClaim");

    /// <summary>Whether the node's claim was launched as a replacement: its <c>reservedFor</c> lists a slot (reserve before evict).</summary>
    public static bool HeldForReplacement(EndToEndRun run, string node) =>
        Claims(run).Any(c => (string?)c["status"]?["nodeName"] == node
            && (c["spec"]?["reservedFor"]?.AsArray() ?? []).Any(r => r?["replaces"]?["ownerKind"] is not null));

    public static V1LabelSelector Selector(string app) => new() { MatchLabels = new Dictionary<string, string> { ["app"] = app } };

    /// <summary>A Deployment whose pods this install schedules, each asking for <paramref name="cpu"/>.</summary>
    public static V1Deployment Deployment(string name, int replicas, string cpu = "1500m", long? terminationGracePeriodSeconds = null)
    {
        var deployment = WorkloadCluster.Deployment(name, replicas);
        deployment.Metadata.NamespaceProperty = "default";
        deployment.Spec.Template.Spec.SchedulerName = DefaultResources.SchedulerName;
        deployment.Spec.Template.Spec.TerminationGracePeriodSeconds = terminationGracePeriodSeconds;
        deployment.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("512Mi") },
        };
        return deployment;
    }

    public static IEnumerable<V1Pod> RunningPods(EndToEndRun run, string app) =>
        run.Pods.Select(p => KubernetesJson.Deserialize<V1Pod>(p.ToJsonString()))
            .Where(p => p.Metadata.Labels?["app"] == app && p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan patience)
    {
        using var limit = new CancellationTokenSource(patience);
        while (!condition())
        {
            Assert.False(limit.IsCancellationRequested, $"gave up waiting for {what}");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
