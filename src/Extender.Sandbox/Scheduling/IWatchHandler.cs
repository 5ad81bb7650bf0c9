namespace Extender.Sandbox.Scheduling;

/// <summary>Receives one resource's list and watch events, in order, from a <see cref="WatchLoop{T}"/>.</summary>
internal interface IWatchHandler<in T>
{
    /// <summary>A full (re-)list: the cache holds exactly these objects afterwards.</summary>
    void Replace(IReadOnlyList<T> items);

    void Upsert(T item);

    void Delete(T item);
}
