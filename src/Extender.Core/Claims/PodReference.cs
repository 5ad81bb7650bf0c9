namespace Extender.Core.Claims;

/// <summary>Identifies a pod across renames and re-creations: the UID is what a reservation is held for.</summary>
public sealed record PodReference(string Namespace, string Name, string Uid)
{
    public string Key => $"{Namespace}/{Name}";
}
