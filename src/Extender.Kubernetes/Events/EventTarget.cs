namespace Extender.Kubernetes.Events;

/// <summary>The object an event is about (<c>regarding</c>); cluster-scoped objects have no namespace.</summary>
public sealed record EventTarget(string ApiVersion, string Kind, string? Namespace, string Name, string Uid)
{
    public static EventTarget Pod(string @namespace, string name, string uid) => new("v1", "Pod", @namespace, name, uid);

    public static EventTarget Node(string name, string uid) => new("v1", "Node", null, name, uid);

    public static EventTarget NodePool(string name, string uid) => new(CustomResources.CustomResourceGroup.ApiVersion, CustomResources.NodePoolResource.KindName, null, name, uid);
}
