using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>Upstream's <c>GetPodFromTemplate</c>: a pod with the template's metadata and spec, named after and controlled by its owner.</summary>
internal static class PodFactory
{
    public static V1Pod FromTemplate<T>(V1PodTemplateSpec template, T owner)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        // A deep copy through JSON: the template stays as the cache holds it.
        var pod = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(new V1Pod { Metadata = template.Metadata ?? new V1ObjectMeta(), Spec = template.Spec }));
        pod.ApiVersion = "v1";
        pod.Kind = "Pod";
        pod.Metadata.Name = null;
        pod.Metadata.GenerateName = owner.Metadata.Name + "-";
        pod.Metadata.NamespaceProperty = owner.Metadata.NamespaceProperty;
        pod.Metadata.OwnerReferences = [Owners.Reference(owner)];
        return pod;
    }
}
