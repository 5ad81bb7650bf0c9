using System.Threading.Channels;

namespace Extender.Sandbox.Kubernetes;

/// <summary>An open watch: the events it should see are queued in order while the store lock is held.</summary>
internal sealed class Watcher(ApiResource resource, string? namespaceFilter, LabelSelector labels, FieldSelector fields, bool bookmarks)
{
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<WatchEvent> Events => _events.Reader;

    public bool WantsBookmarks => bookmarks;

    /// <summary>The resource as watched: a view (events.k8s.io) receives its stored resource's events converted.</summary>
    public ApiResource Resource => resource;

    /// <param name="obj">The object in the watched resource's form.</param>
    public bool Accepts(StoredObject obj) =>
        (namespaceFilter is null || namespaceFilter == obj.Namespace)
        && labels.Matches(obj.Labels)
        && fields.Matches(obj);

    public void Enqueue(WatchEvent watchEvent) => _events.Writer.TryWrite(watchEvent);

    /// <summary>Ends the stream once what is already queued has been written.</summary>
    public void Drop() => _events.Writer.TryComplete();
}
