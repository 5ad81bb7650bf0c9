namespace Extender.Kubernetes.Watching;

/// <summary>Where a reflector delivers what it lists and watches.</summary>
internal interface IResourceSink<in T>
{
    /// <summary>Starts a full replacement; items arrive page by page, so raw pages need not be held in memory.</summary>
    IReplacement<T> BeginReplace();

    void Upsert(T item);

    void Delete(T item);
}
