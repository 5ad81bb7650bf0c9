namespace Extender.Kubernetes.Watching;

/// <summary>A full re-list in progress: after <see cref="Commit"/> the sink holds exactly the added items.</summary>
internal interface IReplacement<in T>
{
    void Add(T item);

    void Commit();
}
