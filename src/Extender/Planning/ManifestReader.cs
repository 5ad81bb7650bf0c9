using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Extender.Planning;

/// <summary>Reads Kubernetes manifests (YAML multi-document, <c>kind: List</c>, or JSON) into typed objects.</summary>
internal static class ManifestReader
{
    private const int ChunkSize = 200;

    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["v1/Pod"] = typeof(V1Pod),
        ["v1/Node"] = typeof(V1Node),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/ReplicaSet"] = typeof(V1ReplicaSet),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["apps/v1/DaemonSet"] = typeof(V1DaemonSet),
        ["batch/v1/Job"] = typeof(V1Job),
        [$"{NodePoolResource.Group}/{NodePoolResource.Version}/{NodePoolResource.KindName}"] = typeof(NodePoolResource),
        [$"{NodePoolResource.KarpenterApiVersion}/{NodePoolResource.KindName}"] = typeof(NodePoolResource),
    };

    public static List<object> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the file: {e.Message}", e);
        }

        var result = new List<object>();
        foreach (var chunk in Chunks(text, path))
        {
            result.AddRange(Load(chunk, path));
        }

        return result;
    }

    /// <summary>
    /// The file's objects, with <c>kind: List</c> unpacked into its items, as multi-document texts of at most
    /// <see cref="ChunkSize"/> objects: the typed deserializer refuses a text of thousands of pods in one piece.
    /// </summary>
    private static List<string> Chunks(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PlanInputException($"{path}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var unpacked = new List<YamlDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && kind is YamlScalarNode { Value: "List" })
            {
                var items = root.Children.TryGetValue(new YamlScalarNode("items"), out var node) ? node as YamlSequenceNode : null;
                foreach (var item in items?.Children ?? [])
                {
                    unpacked.Add(new YamlDocument(item));
                }
            }
            else
            {
                unpacked.Add(document);
            }
        }

        return [.. unpacked.Chunk(ChunkSize).Select(chunk =>
        {
            using var writer = new StringWriter();
            new YamlStream(chunk).Save(writer, assignAnchors: false);
            return writer.ToString();
        })];
    }

    private static List<object> Load(string text, string path)
    {
        try
        {
            return KubernetesYaml.LoadAllFromString(text, Types);
        }
        catch (YamlException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new PlanInputException($"{path}: line {e.Start.Line}: {detail}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new PlanInputException($"{path}: {e.Message} (supported kinds: {string.Join(", ", Types.Keys.Where(k => !k.EndsWith("/List", StringComparison.Ordinal)))})", e);
        }
    }
}
