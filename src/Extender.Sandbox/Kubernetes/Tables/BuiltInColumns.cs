using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Tables;

/// <summary>
/// The printer columns kube-apiserver's table convertors (<c>pkg/printers/internalversion</c>) give the built-in kinds
/// the sandbox serves, with the same names, priorities and cell wording (<c>1/1</c>, <c>Terminating</c>,
/// <c>Ready,SchedulingDisabled</c>, <c>&lt;none&gt;</c>). Kinds without one get upstream's default: Name and Created At.
/// </summary>
internal static class BuiltInColumns
{
    private const string None = "<none>";

    public static IReadOnlyList<TableColumn> For(ApiResource resource) => resource.Kind switch
    {
        "Pod" => Pod,
        "Node" => Node,
        "Namespace" => [Name, Column("Status", "string", 0, (o, _) => Str(o, "status", "phase") ?? "Active"), Age],
        "Event" => Event,
        "Deployment" => Deployment,
        "DaemonSet" => DaemonSet,
        "Service" => Service,
        "ServiceAccount" => [Name, Column("Secrets", "string", 0, (o, _) => Count(o["secrets"]).ToString(CultureInfo.InvariantCulture)), Age],
        "ConfigMap" => [Name, Column("Data", "string", 0, (o, _) => (Count(o["data"]) + Count(o["binaryData"])).ToString(CultureInfo.InvariantCulture)), Age],
        "Lease" => [Name, Column("Holder", "string", 0, (o, _) => Str(o, "spec", "holderIdentity") ?? ""), Age],
        "PodDisruptionBudget" => PodDisruptionBudget,
        "ClusterRole" or "Role" or "CustomResourceDefinition" => [Name, CreatedAt],
        "ClusterRoleBinding" or "RoleBinding" => RoleBinding,
        _ => [Name, CreatedAt],
    };

    public static TableColumn Name { get; } = new("Name", "string", 0, (o, _) => Str(o, "metadata", "name")) { Format = "name", Description = "Name must be unique within a namespace." };

    private static TableColumn Age { get; } = Column("Age", "string", 0, (o, now) => HumanDuration.Since(Str(o, "metadata", "creationTimestamp"), now));

    private static TableColumn CreatedAt { get; } = Column("Created At", "date", 0, (o, _) => Str(o, "metadata", "creationTimestamp"));

    private static IReadOnlyList<TableColumn> Pod { get; } =
    [
        Name,
        Column("Ready", "string", 0, (o, _) => $"{Containers(o).Count(c => (bool?)c["ready"] == true)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
        Column("Status", "string", 0, (o, _) => PodStatus(o)),
        Column("Restarts", "string", 0, (o, _) => Containers(o).Sum(c => (long?)c["restartCount"] ?? 0).ToString(CultureInfo.InvariantCulture)),
        Age,
        Column("IP", "string", 1, (o, _) => Str(o, "status", "podIP") ?? None),
        Column("Node", "string", 1, (o, _) => Str(o, "spec", "nodeName") is { Length: > 0 } node ? node : None),
        Column("Nominated Node", "string", 1, (o, _) => Str(o, "status", "nominatedNodeName") is { Length: > 0 } node ? node : None),
        Column("Readiness Gates", "string", 1, (o, _) => o["spec"]?["readinessGates"] is JsonArray { Count: > 0 } gates ? $"0/{gates.Count}" : None),
    ];

    private static IReadOnlyList<TableColumn> Node { get; } =
    [
        Name,
        Column("Status", "string", 0, (o, _) => NodeStatus(o)),
        Column("Roles", "string", 0, (o, _) => NodeRoles(o)),
        Age,
        Column("Version", "string", 0, (o, _) => Str(o, "status", "nodeInfo", "kubeletVersion") ?? ""),
        Column("Internal-IP", "string", 1, (o, _) => Address(o, "InternalIP")),
        Column("External-IP", "string", 1, (o, _) => Address(o, "ExternalIP")),
        Column("OS-Image", "string", 1, (o, _) => Str(o, "status", "nodeInfo", "osImage") ?? "<unknown>"),
        Column("Kernel-Version", "string", 1, (o, _) => Str(o, "status", "nodeInfo", "kernelVersion") ?? "<unknown>"),
        Column("Container-Runtime", "string", 1, (o, _) => Str(o, "status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>"),
    ];

    private static IReadOnlyList<TableColumn> Event { get; } =
    [
        Column("Last Seen", "string", 0, (o, now) => HumanDuration.Since(Str(o, "lastTimestamp") ?? Str(o, "eventTime") ?? Str(o, "metadata", "creationTimestamp"), now)),
        Column("Type", "string", 0, (o, _) => Str(o, "type") ?? ""),
        Column("Reason", "string", 0, (o, _) => Str(o, "reason") ?? ""),
        Column("Object", "string", 0, (o, _) => $"{Str(o, "involvedObject", "kind")?.ToLowerInvariant()}/{Str(o, "involvedObject", "name")}"),
        Column("Subobject", "string", 1, (o, _) => Str(o, "involvedObject", "fieldPath") ?? ""),
        Column("Source", "string", 1, (o, _) => Str(o, "source", "component") ?? Str(o, "reportingComponent") ?? ""),
        Column("Message", "string", 0, (o, _) => Str(o, "message") ?? ""),
        Column("First Seen", "string", 1, (o, now) => HumanDuration.Since(Str(o, "firstTimestamp") ?? Str(o, "eventTime") ?? Str(o, "metadata", "creationTimestamp"), now)),
        Column("Count", "string", 1, (o, _) => ((long?)o["count"] ?? 1).ToString(CultureInfo.InvariantCulture)),
        Column("Name", "string", 1, (o, _) => Str(o, "metadata", "name")),
    ];

    private static IReadOnlyList<TableColumn> Deployment { get; } =
    [
        Name,
        Column("Ready", "string", 0, (o, _) => $"{Int(o, "status", "readyReplicas")}/{Int(o, "spec", "replicas")}"),
        Column("Up-to-date", "string", 0, (o, _) => Int(o, "status", "updatedReplicas")),
        Column("Available", "string", 0, (o, _) => Int(o, "status", "availableReplicas")),
        Age,
        Column("Containers", "string", 1, (o, _) => TemplateContainers(o, "name")),
        Column("Images", "string", 1, (o, _) => TemplateContainers(o, "image")),
        Column("Selector", "string", 1, (o, _) => Selector(o["spec"]?["selector"])),
    ];

    private static IReadOnlyList<TableColumn> DaemonSet { get; } =
    [
        Name,
        Column("Desired", "integer", 0, (o, _) => Int(o, "status", "desiredNumberScheduled")),
        Column("Current", "integer", 0, (o, _) => Int(o, "status", "currentNumberScheduled")),
        Column("Ready", "integer", 0, (o, _) => Int(o, "status", "numberReady")),
        Column("Up-to-date", "integer", 0, (o, _) => Int(o, "status", "updatedNumberScheduled")),
        Column("Available", "integer", 0, (o, _) => Int(o, "status", "numberAvailable")),
        Column("Node Selector", "string", 0, (o, _) => o["spec"]?["template"]?["spec"]?["nodeSelector"] is JsonObject { Count: > 0 } s ? string.Join(",", s.Select(kv => $"{kv.Key}={kv.Value}")) : None),
        Age,
        Column("Containers", "string", 1, (o, _) => TemplateContainers(o, "name")),
        Column("Images", "string", 1, (o, _) => TemplateContainers(o, "image")),
        Column("Selector", "string", 1, (o, _) => Selector(o["spec"]?["selector"])),
    ];

    private static IReadOnlyList<TableColumn> Service { get; } =
    [
        Name,
        Column("Type", "string", 0, (o, _) => Str(o, "spec", "type") ?? "ClusterIP"),
        Column("Cluster-IP", "string", 0, (o, _) => Str(o, "spec", "clusterIP") ?? None),
        Column("External-IP", "string", 0, (o, _) => None),
        Column("Port(s)", "string", 0, (o, _) => o["spec"]?["ports"] is JsonArray { Count: > 0 } ports
            ? string.Join(",", ports.Select(p => $"{p?["port"]}/{(string?)p?["protocol"] ?? "TCP"}"))
            : None),
        Age,
        Column("Selector", "string", 1, (o, _) => o["spec"]?["selector"] is JsonObject { Count: > 0 } s ? string.Join(",", s.Select(kv => $"{kv.Key}={kv.Value}")) : None),
    ];

    private static IReadOnlyList<TableColumn> PodDisruptionBudget { get; } =
    [
        Name,
        Column("Min Available", "string", 0, (o, _) => o["spec"]?["minAvailable"]?.ToString() ?? "N/A"),
        Column("Max Unavailable", "string", 0, (o, _) => o["spec"]?["maxUnavailable"]?.ToString() ?? "N/A"),
        Column("Allowed Disruptions", "integer", 0, (o, _) => Int(o, "status", "disruptionsAllowed")),
        Age,
    ];

    private static IReadOnlyList<TableColumn> RoleBinding { get; } =
    [
        Name,
        Column("Role", "string", 0, (o, _) => $"{Str(o, "roleRef", "kind")}/{Str(o, "roleRef", "name")}"),
        Age,
        Column("Users", "string", 1, (o, _) => Subjects(o, "User")),
        Column("Groups", "string", 1, (o, _) => Subjects(o, "Group")),
        Column("ServiceAccounts", "string", 1, (o, _) => Subjects(o, "ServiceAccount")),
    ];

    private static TableColumn Column(string name, string type, int priority, Func<JsonObject, DateTimeOffset, JsonNode?> cell) =>
        new(name, type, priority, cell);

    /// <summary>The STATUS word of <c>kubectl get pods</c>, following upstream's printPod: the container reasons win over the phase.</summary>
    private static string PodStatus(JsonObject pod)
    {
        var reason = Str(pod, "status", "reason") ?? Str(pod, "status", "phase") ?? "Pending";
        if (pod["spec"]?["schedulingGates"] is JsonArray { Count: > 0 } && string.IsNullOrEmpty(Str(pod, "spec", "nodeName")))
        {
            reason = "SchedulingGated";
        }

        foreach (var container in Containers(pod))
        {
            if ((string?)container["state"]?["waiting"]?["reason"] is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if ((string?)container["state"]?["terminated"]?["reason"] is { Length: > 0 } terminated)
            {
                reason = terminated;
            }
        }

        if (pod["metadata"]?["deletionTimestamp"] is not null)
        {
            reason = Str(pod, "status", "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        return reason;
    }

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["type"] == "Ready");
        var status = (string?)ready?["status"] switch
        {
            "True" => "Ready",
            null => "Unknown",
            "Unknown" => "NotReady",
            _ => "NotReady",
        };
        return (bool?)node["spec"]?["unschedulable"] == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject node)
    {
        const string RolePrefix = "node-role.kubernetes.io/";
        var roles = (node["metadata"]?["labels"] as JsonObject ?? [])
            .Select(l => l.Key.StartsWith(RolePrefix, StringComparison.Ordinal) ? l.Key[RolePrefix.Length..]
                : l.Key == "kubernetes.io/role" ? (string?)l.Value : null)
            .Where(r => !string.IsNullOrEmpty(r))
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count == 0 ? None : string.Join(",", roles);
    }

    private static string Address(JsonObject node, string type) =>
        (node["status"]?["addresses"] as JsonArray ?? []).Where(a => (string?)a?["type"] == type).Select(a => (string?)a?["address"]).FirstOrDefault() ?? None;

    private static IEnumerable<JsonNode> Containers(JsonObject pod) =>
        (pod["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonNode>();

    private static string TemplateContainers(JsonObject obj, string field) =>
        string.Join(",", (obj["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => (string?)c?[field]));

    private static string Selector(JsonNode? selector)
    {
        var terms = (selector?["matchLabels"] as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        terms.AddRange((selector?["matchExpressions"] as JsonArray ?? []).Select(e =>
            $"{e?["key"]} {((string?)e?["operator"])?.ToLowerInvariant()} ({string.Join(",", (e?["values"] as JsonArray ?? []).Select(v => (string?)v))})"));
        return terms.Count == 0 ? None : string.Join(",", terms);
    }

    private static string Subjects(JsonObject binding, string kind)
    {
        var names = (binding["subjects"] as JsonArray ?? [])
            .Where(s => (string?)s?["kind"] == kind)
            .Select(s => kind == "ServiceAccount" ? $"{s?["namespace"]}/{s?["name"]}" : (string?)s?["name"])
            .ToList();
        return string.Join(", ", names);
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    private static long Int(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            node = node?[segment];
        }

        return node is JsonValue value && value.TryGetValue<long>(out var number) ? number : 0;
    }

    private static string? Str(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
