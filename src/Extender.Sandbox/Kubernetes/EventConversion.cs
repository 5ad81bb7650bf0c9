using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// Core <c>v1 Event</c> ⇄ <c>events.k8s.io/v1 Event</c>, field for field as kube-apiserver converts them (both are
/// views of one stored object): regarding ⇄ involvedObject, note ⇄ message, reportingController ⇄
/// reportingComponent, deprecatedSource/FirstTimestamp/LastTimestamp/Count ⇄ source/firstTimestamp/lastTimestamp/count.
/// So what the provisioner records through events.k8s.io shows in <c>kubectl describe</c> and <c>kubectl get events</c>.
/// </summary>
internal static class EventConversion
{
    // (events.k8s.io field, core field)
    private static readonly (string Events, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    public static JsonObject ToCore(JsonObject obj) => Rename(obj, toCore: true);

    public static JsonObject FromCore(JsonObject obj) => Rename(obj, toCore: false);

    private static JsonObject Rename(JsonObject source, bool toCore)
    {
        var result = (JsonObject)source.DeepClone();
        foreach (var (events, core) in Renamed)
        {
            var (from, to) = toCore ? (events, core) : (core, events);
            if (result[from] is { } value)
            {
                result.Remove(from);
                result[to] = value.DeepClone();
            }
        }

        result["apiVersion"] = toCore ? ApiResources.CoreEvents.ApiVersion : ApiResources.Events.ApiVersion;
        result["kind"] = "Event";
        return result;
    }
}
