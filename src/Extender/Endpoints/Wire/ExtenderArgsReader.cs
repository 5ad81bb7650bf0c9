using System.Text.Json;
using Extender.Endpoints.Http;
using k8s;
using k8s.Models;

namespace Extender.Endpoints.Wire;

/// <summary>
/// Reads <c>ExtenderArgs</c> straight from the request bytes: the envelope by hand (PascalCase, case-insensitive),
/// the embedded Pod and Nodes through the Kubernetes models' generated contracts, and the byte range of every node so
/// that it can be echoed without a round trip. The returned node bytes alias the request buffer.
/// </summary>
internal static class ExtenderArgsReader
{
    private const string Envelope = "ExtenderArgs";
    private const int PodKey = 0;
    private const int NodesKey = 1;
    private const int NodeNamesKey = 2;
    private const int ItemsKey = 0;

    private static readonly string[] Keys = ["Pod", "Nodes", "NodeNames"];
    private static readonly string[] NodeListKeys = ["items"];

    public static ExtenderArgs Read(ReadOnlyMemory<byte> body)
    {
        V1Pod? pod = null;
        List<ExtenderNode>? nodes = null;
        NodeNameList? nodeNames = null;
        try
        {
            var reader = JsonInput.Open(body.Span, Envelope);
            while (JsonInput.NextProperty(ref reader, Keys, Envelope, out var key))
            {
                switch (key)
                {
                    case PodKey:
                        pod = ReadPod(ref reader, "Pod");
                        break;
                    case NodesKey:
                        nodes = ReadNodeList(ref reader, body);
                        break;
                    case NodeNamesKey:
                        nodeNames?.Dispose();
                        nodeNames = ReadNames(ref reader, body);
                        break;
                    default:
                        JsonInput.Skip(ref reader, Envelope);
                        break;
                }
            }

            if (pod is null)
            {
                throw new ExtenderRequestException("Pod is required");
            }

            return (nodes, nodeNames) switch
            {
                (null, null) => throw new ExtenderRequestException("one of Nodes and NodeNames is required; both are null or missing"),
                ({ }, { }) => throw new ExtenderRequestException("only one of Nodes and NodeNames may be set; both are present"),
                _ => new ExtenderArgs(pod, nodes, nodeNames),
            };
        }
        catch
        {
            nodeNames?.Dispose();
            throw;
        }
    }

    /// <summary>Reads a pod value; null stands for an absent pod so the caller decides whether that is allowed.</summary>
    public static V1Pod? ReadPod(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartObject, field);
        return JsonInput.Read(ref reader, SourceGenerationContext.Default.V1Pod, field);
    }

    private static List<ExtenderNode>? ReadNodeList(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartObject, "Nodes");
        var nodes = new List<ExtenderNode>();
        while (JsonInput.NextProperty(ref reader, NodeListKeys, "Nodes", out var key))
        {
            if (key == ItemsKey)
            {
                nodes = ReadNodes(ref reader, body);
            }
            else
            {
                JsonInput.Skip(ref reader, "Nodes");
            }
        }

        return nodes;
    }

    private static List<ExtenderNode> ReadNodes(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return [];
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartArray, "Nodes.items");
        var nodes = new List<ExtenderNode>();
        while (true)
        {
            JsonInput.Advance(ref reader, "Nodes.items");
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return nodes;
            }

            var field = $"Nodes.items[{nodes.Count}]";
            JsonInput.Expect(ref reader, JsonTokenType.StartObject, field);
            var start = (int)reader.TokenStartIndex;
            var node = JsonInput.Read(ref reader, SourceGenerationContext.Default.V1Node, field)!;
            if (string.IsNullOrEmpty(node.Metadata?.Name))
            {
                throw new ExtenderRequestException($"{field}: metadata.name is required");
            }

            nodes.Add(new ExtenderNode(node, body[start..(int)reader.BytesConsumed]));
        }
    }

    private static NodeNameList? ReadNames(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        JsonInput.Expect(ref reader, JsonTokenType.StartArray, "NodeNames");
        var names = new NodeNameList(body);
        try
        {
            while (true)
            {
                JsonInput.Advance(ref reader, "NodeNames");
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    return names;
                }

                if (reader.TokenType != JsonTokenType.String)
                {
                    throw JsonInput.WrongType($"NodeNames[{names.Count}]", JsonTokenType.String, reader.TokenType);
                }

                names.Add(ref reader);
            }
        }
        catch
        {
            names.Dispose();
            throw;
        }
    }
}
