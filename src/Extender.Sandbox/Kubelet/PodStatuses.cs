using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// The status a kubelet writes for a pod it runs: Running with every container started and ready, the
/// PodReadyToStartContainers, Initialized, ContainersReady and Ready conditions (PodScheduled kept as the scheduler
/// wrote it), host and pod IPs and start time; and Succeeded with every container terminated with exit code 0.
/// Built as merge-patch bodies: one PATCH of pods/status per transition.
/// </summary>
internal static class PodStatuses
{
    public static JsonObject Running(V1Pod pod, string hostIp, DateTime now)
    {
        var at = Timestamp(now);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = PodIp(pod),
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = PodIp(pod) }),
            ["startTime"] = at,
            ["qosClass"] = QosClass(pod),
            ["conditions"] = Conditions(pod, ready: true, at),
            ["containerStatuses"] = new JsonArray([.. (pod.Spec?.Containers ?? []).Select(c => Container(pod, c, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = at } }, ready: true))]),
        };
        return new JsonObject { ["status"] = status };
    }

    public static JsonObject Succeeded(V1Pod pod, DateTime now)
    {
        var at = Timestamp(now);
        var started = pod.Status?.StartTime is { } start ? Timestamp(start) : at;
        var terminated = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = started, ["finishedAt"] = at };
        var status = new JsonObject
        {
            ["phase"] = "Succeeded",
            ["conditions"] = Conditions(pod, ready: false, at, "PodCompleted"),
            ["containerStatuses"] = new JsonArray([.. (pod.Spec?.Containers ?? []).Select(c => Container(pod, c, new JsonObject { ["terminated"] = terminated.DeepClone() }, ready: false))]),
        };
        return new JsonObject { ["status"] = status };
    }

    private static JsonArray Conditions(V1Pod pod, bool ready, string at, string? reason = null)
    {
        var conditions = new JsonArray();
        foreach (var type in (string[])["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"])
        {
            var holds = ready || type is "Initialized";
            var condition = new JsonObject { ["type"] = type, ["status"] = holds ? "True" : "False", ["lastProbeTime"] = null, ["lastTransitionTime"] = at };
            if (!holds && reason is not null)
            {
                condition["reason"] = reason;
            }

            conditions.Add(condition);
        }

        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        conditions.Add(new JsonObject
        {
            ["type"] = "PodScheduled",
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = scheduled?.LastTransitionTime is { } t ? Timestamp(t) : at,
        });
        return conditions;
    }

    private static JsonObject Container(V1Pod pod, V1Container container, JsonObject state, bool ready) => new()
    {
        ["name"] = container.Name,
        ["image"] = container.Image,
        ["imageID"] = container.Image is null ? "" : "sandbox://" + container.Image,
        ["containerID"] = $"sandbox://{pod.Metadata.Uid}/{container.Name}",
        ["ready"] = ready,
        ["started"] = ready,
        ["restartCount"] = 0,
        ["state"] = state,
    };

    /// <summary>A stable address in 10.0.0.0/8 from the pod's UID: the sandbox has no CNI.</summary>
    private static string PodIp(V1Pod pod)
    {
        var hash = 0u;
        foreach (var c in pod.Metadata.Uid ?? pod.Metadata.Name)
        {
            hash = unchecked((hash * 31) + c);
        }

        return string.Create(CultureInfo.InvariantCulture, $"10.{(hash >> 16) & 0xff}.{(hash >> 8) & 0xff}.{Math.Max(1, hash & 0xfe)}");
    }

    /// <summary>Kubernetes' QoS classes: every container with equal requests and limits for CPU and memory is Guaranteed.</summary>
    private static string QosClass(V1Pod pod)
    {
        var containers = pod.Spec?.Containers ?? [];
        var any = containers.Any(c => (c.Resources?.Requests?.Count ?? 0) + (c.Resources?.Limits?.Count ?? 0) > 0);
        if (!any)
        {
            return "BestEffort";
        }

        var guaranteed = containers.All(c => (string[])["cpu", "memory"] is var keys && keys.All(k =>
            c.Resources?.Limits?.TryGetValue(k, out var limit) == true
            && (c.Resources.Requests?.TryGetValue(k, out var request) != true || request?.ToDecimal() == limit?.ToDecimal())));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static string Timestamp(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
