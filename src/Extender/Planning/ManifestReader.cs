using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace Extender.Planning;

/// <summary>Reads Kubernetes manifests (YAML multi-document, <c>kind: List</c>, or JSON) into typed objects.</summary>
internal static class ManifestReader
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        ["v1/Pod"] = typeof(V1Pod),
        ["v1/Node"] = typeof(V1Node),
        ["v1/List"] = typeof(ManifestList),
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
        foreach (var item in Load(text, path))
        {
            if (item is ManifestList list)
            {
                foreach (var entry in list.Items ?? [])
                {
                    result.AddRange(Load(KubernetesYaml.Serialize(entry), path));
                }
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
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
