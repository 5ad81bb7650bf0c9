using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>Controller references (<c>ownerReferences</c> with <c>controller: true</c>), as upstream's controllers set and read them.</summary>
internal static class Owners
{
    public static V1OwnerReference? ControllerOf(V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    public static bool IsControlledBy(V1ObjectMeta metadata, V1ObjectMeta owner) =>
        ControllerOf(metadata)?.Uid == owner.Uid;

    /// <summary>The namespace/name key of the object's controller when it is of <paramref name="kind"/>; null otherwise.</summary>
    public static string? ControllerKey(V1ObjectMeta? metadata, string kind) =>
        metadata is not null && ControllerOf(metadata) is { } owner && owner.Kind == kind
            ? ObjectCache<V1Pod>.Key(metadata.NamespaceProperty, owner.Name)
            : null;

    public static V1OwnerReference Reference<T>(T owner)
        where T : IKubernetesObject<V1ObjectMeta> => new()
        {
            ApiVersion = owner.ApiVersion,
            Kind = owner.Kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
}
