using Extender.Core.Headroom;
using Extender.Kubernetes.CustomResources;

namespace Extender.Headroom;

/// <summary>A watched CapacityBuffer and what it resolved to: its template and size, or why it cannot be served.</summary>
/// <param name="Object">The buffer as the watch shows it.</param>
/// <param name="Buffer">The buffer ready to decide on; null when its template could not be found or read.</param>
/// <param name="Problem">Why it is not ready for provisioning; null when it is.</param>
/// <param name="TemplateName">The PodTemplate it refers to, for <c>status.podTemplateRef</c>.</param>
/// <param name="TemplateGeneration">That template's (or the workload's) generation, for <c>status.podTemplateGeneration</c>.</param>
internal sealed record ResolvedBuffer(CapacityBuffer Object, HeadroomBuffer? Buffer, string? Problem, string? TemplateName, long? TemplateGeneration)
{
    public string Key => $"{Object.Metadata.NamespaceProperty}/{Object.Metadata.Name}";
}
