using Extender.Core.Scheduling;
using k8s.Models;

namespace Extender.Kubernetes.Mapping;

/// <summary>Maps Namespace objects onto what Core reads of them: their labels, which pod affinity terms' namespace selectors match.</summary>
public static class NamespaceMapper
{
    /// <summary>
    /// The namespace's labels, with the automatic <c>kubernetes.io/metadata.name</c> label the API server keeps on every
    /// namespace (also when an object read from a file lacks it), so that a selector is matched against the map as it is.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Labels(V1Namespace ns)
    {
        var source = ns.Metadata?.Labels;
        var labels = new Dictionary<string, string>((source?.Count ?? 0) + 1, StringComparer.Ordinal);
        foreach (var (key, value) in source ?? new Dictionary<string, string>())
        {
            labels[SharedStrings.Share(key)] = SharedStrings.Share(value ?? "");
        }

        labels[PodAffinityTerms.NamespaceNameLabel] = SharedStrings.Share(ns.Metadata?.Name ?? "");
        return labels;
    }
}
