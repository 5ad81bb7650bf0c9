using System.Text.Json;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// Writes <c>ExtenderArgs</c> as Go's encoding/json does for the untagged struct: PascalCase envelope keys,
/// <c>null</c> for the unused one of <c>Nodes</c>/<c>NodeNames</c>, and the pod and nodes in their API JSON.
/// </summary>
internal static class ExtenderRequest
{
    public static byte[] Args(V1Pod pod, IReadOnlyList<V1Node> nodes, bool nodeCacheCapable)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("Pod");
            json.WriteRawValue(KubernetesJson.Serialize(AsCached(pod)));
            json.WritePropertyName("Nodes");
            if (nodeCacheCapable)
            {
                json.WriteNullValue();
            }
            else
            {
                WriteNodeList(json, nodes);
            }

            json.WritePropertyName("NodeNames");
            if (nodeCacheCapable)
            {
                json.WriteStartArray();
                foreach (var node in nodes)
                {
                    json.WriteStringValue(node.Metadata.Name);
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // The scheduler sends objects from its informer cache: no kind/apiVersion, and managedFields stripped from pods.
    private static V1Pod AsCached(V1Pod pod) => pod with
    {
        ApiVersion = null,
        Kind = null,
        Metadata = pod.Metadata is null ? null : pod.Metadata with { ManagedFields = null },
    };

    private static void WriteNodeList(Utf8JsonWriter json, IReadOnlyList<V1Node> nodes)
    {
        json.WriteStartObject();
        json.WritePropertyName("metadata");
        json.WriteStartObject();
        json.WriteEndObject();
        json.WritePropertyName("items");
        json.WriteStartArray();
        foreach (var node in nodes)
        {
            json.WriteRawValue(KubernetesJson.Serialize(node with { ApiVersion = null, Kind = null }));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
