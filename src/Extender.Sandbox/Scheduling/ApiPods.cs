using k8s.Models;

namespace Extender.Sandbox.Scheduling;

internal static class ApiPods
{
    /// <summary><c>namespace/name</c>, the way pods are named in messages and the report.</summary>
    public static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty ?? "default"}/{pod.Metadata.Name}";
}
