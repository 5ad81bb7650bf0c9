namespace Extender.Endpoints.Bind;

/// <summary>Bind pod <paramref name="Namespace"/>/<paramref name="Name"/> to <paramref name="NodeName"/>, only if its UID is still <paramref name="Uid"/>.</summary>
internal sealed record PodBinding(string Namespace, string Name, string Uid, string NodeName)
{
    public override string ToString() => $"{Namespace}/{Name} to {NodeName}";
}
