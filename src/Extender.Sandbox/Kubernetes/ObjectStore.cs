using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The sandbox's etcd: every object of every resource, one resourceVersion counter shared by all of them, and a
/// bounded history of changes that watches replay from. Every commit and every watch registration happens under one
/// lock, so a watcher sees each change exactly once and in resourceVersion order; an update's work is done outside it. A view resource (events.k8s.io
/// Events) reads and writes its stored resource's objects through <see cref="EventConversion"/>. An index of owner
/// uids answers which objects a deleted owner leaves to the garbage collector.
/// </summary>
internal sealed class ObjectStore(int historyWindow, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ApiResource, Dictionary<string, StoredObject>> _objects = [];
    private readonly Queue<(long ResourceVersion, WatchEvent Event)> _history = new();
    private readonly List<Watcher> _watchers = [];
    // Read on every request (RBAC asks whether its objects changed), so read without the lock; written under it.
    private readonly ConcurrentDictionary<ApiResource, long> _lastChange = [];
    private readonly Dictionary<string, HashSet<(ApiResource Resource, string Key)>> _dependents = new(StringComparer.Ordinal);
    private long _resourceVersion = 1;
    private long _compactedThrough = 1;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>The resourceVersion of the last change to any object of the resource; 0 when none changed yet.</summary>
    public long LastChange(ApiResource resource) => _lastChange.GetValueOrDefault(ApiResources.Storage(resource));

    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ApiResource resource, string? namespaceFilter, LabelSelector labels, FieldSelector fields)
    {
        // Only the copy is taken under the lock: stored objects never change, and converting, matching and sorting
        // them there would hold up every write and every other request behind a large list.
        StoredObject[] all;
        long resourceVersion;
        lock (_gate)
        {
            all = [.. Table(resource).Values];
            resourceVersion = _resourceVersion;
        }

        var items = all
            .Where(o => namespaceFilter is null || o.Namespace == namespaceFilter)
            .Select(o => View(resource, o))
            .Where(o => labels.Matches(o.Labels) && fields.Matches(o))
            .OrderBy(o => o.Namespace, StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal)
            .ToList();
        return (items, resourceVersion);
    }

    public StoredObject Get(ApiResource resource, string? ns, string name)
    {
        lock (_gate)
        {
            return View(resource, Table(resource).GetValueOrDefault(Key(ns, name)) ?? throw ApiException.NotFound(resource, name));
        }
    }

    /// <summary>The object, or null when there is none.</summary>
    public StoredObject? Find(ApiResource resource, string? ns, string name)
    {
        lock (_gate)
        {
            return Table(resource).GetValueOrDefault(Key(ns, name)) is { } stored ? View(resource, stored) : null;
        }
    }

    /// <summary>Every object whose ownerReferences name <paramref name="ownerUid"/>, with its resource.</summary>
    public IReadOnlyList<(ApiResource Resource, StoredObject Object)> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            return _dependents.TryGetValue(ownerUid, out var keys)
                ? [.. keys.Select(k => (k.Resource, Table(k.Resource).GetValueOrDefault(k.Key))).Where(d => d.Item2 is not null).Select(d => (d.Resource, d.Item2!))]
                : [];
        }
    }

    /// <summary>Validates and completes the object; stores it and tells the watchers unless <paramref name="dryRun"/>.</summary>
    public StoredObject Create(ApiResource resource, string? ns, JsonObject obj, bool dryRun = false)
    {
        lock (_gate)
        {
            var view = resource;
            (resource, obj) = ToStorage(resource, obj);
            var metadata = Metadata(obj);
            if (resource.Namespaced)
            {
                metadata["namespace"] = ns;
            }
            else
            {
                metadata.Remove("namespace");
            }

            var name = (string?)metadata["name"];
            if (string.IsNullOrEmpty(name))
            {
                var prefix = (string?)metadata["generateName"];
                name = string.IsNullOrEmpty(prefix)
                    ? throw ApiException.BadRequest("metadata.name: Required value: name or generateName is required")
                    : prefix + (_resourceVersion + 1).ToString("x5", CultureInfo.InvariantCulture);
                metadata["name"] = name;
            }

            var table = Table(resource);
            if (table.ContainsKey(Key(ns, name)))
            {
                throw ApiException.AlreadyExists(resource, name);
            }

            obj["apiVersion"] = resource.ApiVersion;
            obj["kind"] = resource.Kind;
            metadata["uid"] ??= Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["generation"] ??= 1;
            return View(view, dryRun ? StoredObject.From(obj, _resourceVersion) : Commit(resource, "ADDED", obj));
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="change"/> makes of (a copy of) the current one. When
    /// <paramref name="expectedResourceVersion"/> is given and stale, nothing changes and a 409 Conflict is thrown.
    /// With <paramref name="dryRun"/> the result is computed and returned, and neither stored nor published.
    /// </summary>
    public StoredObject Update(ApiResource resource, string? ns, string name, Func<JsonObject, JsonObject> change, Func<JsonObject, string?> expectedResourceVersion, bool dryRun = false)
    {
        // As the apiserver's GuaranteedUpdate over etcd: read, change outside the lock (parsing, patching, validating
        // and serializing are the expensive part, and every other request would wait for them), then commit only if
        // nobody wrote in between, else run the change again on the newer object. Changes are pure functions of the
        // object they are given, so running one twice is harmless.
        var view = resource;
        var key = Key(ns, name);
        while (true)
        {
            StoredObject current;
            lock (_gate)
            {
                current = Table(view).GetValueOrDefault(key) ?? throw ApiException.NotFound(view, name);
            }

            var (storage, next) = ToStorage(view, change(View(view, current).ToJsonObject()));
            var expected = expectedResourceVersion(next);
            if (!string.IsNullOrEmpty(expected) && expected != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(storage, name, "the object has been modified; please apply your changes to the latest version and try again");
            }

            var metadata = Metadata(next);
            var previous = current.ToJsonObject();
            var before = Metadata(previous);
            metadata["name"] = name;
            var generation = (long?)before["generation"] ?? 1;
            metadata["generation"] = JsonNode.DeepEquals(previous["spec"], next["spec"]) ? generation : generation + 1;
            metadata["uid"] = before["uid"]?.DeepClone();
            metadata["creationTimestamp"] = before["creationTimestamp"]?.DeepClone();
            if (storage.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            next["apiVersion"] = storage.ApiVersion;
            next["kind"] = storage.Kind;
            lock (_gate)
            {
                if (!ReferenceEquals(Table(storage).GetValueOrDefault(key), current))
                {
                    continue;
                }

                return View(view, dryRun ? StoredObject.From(next, current.ResourceVersion) : Commit(storage, "MODIFIED", next));
            }
        }
    }

    /// <summary>Removes the object at once (what finishes a deletion); finalizers and grace periods are <see cref="Lifecycle.Deletion"/>'s.</summary>
    public StoredObject Delete(ApiResource resource, string? ns, string name)
    {
        lock (_gate)
        {
            var view = resource;
            resource = ApiResources.Storage(resource);
            var table = Table(resource);
            if (!table.Remove(Key(ns, name), out var current))
            {
                throw ApiException.NotFound(view, name);
            }

            Unindex(resource, current);
            var deleted = StoredObject.From(current.ToJsonObject(), ++_resourceVersion);
            _lastChange[resource] = _resourceVersion;
            Publish(WatchEvent.Of(resource, "DELETED", deleted));
            return View(view, deleted);
        }
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") every current object arrives first as ADDED; with one, the
    /// history after it is replayed, or a single 410 ERROR event is queued when that history is already compacted.
    /// </summary>
    public Watcher Watch(ApiResource resource, string? namespaceFilter, LabelSelector labels, FieldSelector fields, string? resourceVersion, bool bookmarks)
    {
        var watcher = new Watcher(resource, namespaceFilter, labels, fields, bookmarks);
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var obj in Table(resource).Values.Select(o => View(resource, o)).Where(watcher.Accepts).OrderBy(o => o.ResourceVersion))
                {
                    watcher.Enqueue(WatchEvent.Of(resource, "ADDED", obj));
                }
            }
            else if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                throw ApiException.BadRequest($"resourceVersion \"{resourceVersion}\" is not a valid resource version");
            }
            else if (from < _compactedThrough)
            {
                watcher.Enqueue(WatchEvent.Error(resource, 410, "Expired", $"too old resource version: {from} ({_compactedThrough})"));
                watcher.Drop();
                return watcher;
            }
            else
            {
                foreach (var (rv, watchEvent) in _history)
                {
                    if (rv > from && watchEvent.Object is not null && For(watcher, watchEvent) is { } seen)
                    {
                        watcher.Enqueue(seen);
                    }
                }
            }

            _watchers.Add(watcher);
        }

        return watcher;
    }

    public void Unregister(Watcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }

    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(w => w.WantsBookmarks))
            {
                watcher.Enqueue(WatchEvent.Bookmark(watcher.Resource, _resourceVersion));
            }
        }
    }

    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Drop();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Forgets the whole change history: a watch from any resourceVersion before now gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    private StoredObject Commit(ApiResource resource, string type, JsonObject obj)
    {
        var stored = StoredObject.From(obj, ++_resourceVersion);
        var table = Table(resource);
        var key = Key(stored.Namespace, stored.Name);
        if (table.TryGetValue(key, out var previous))
        {
            Unindex(resource, previous);
        }

        table[key] = stored;
        foreach (var owner in stored.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var dependents))
            {
                dependents = [];
                _dependents[owner] = dependents;
            }

            dependents.Add((resource, key));
        }

        _lastChange[resource] = _resourceVersion;
        Publish(WatchEvent.Of(resource, type, stored));
        return stored;
    }

    private void Publish(WatchEvent watchEvent)
    {
        _history.Enqueue((_resourceVersion, watchEvent));
        while (_history.Count > historyWindow)
        {
            _compactedThrough = _history.Dequeue().ResourceVersion;
        }

        foreach (var watcher in _watchers)
        {
            if (For(watcher, watchEvent) is { } seen)
            {
                watcher.Enqueue(seen);
            }
        }
    }

    /// <summary>The event as <paramref name="watcher"/> sees it (converted for a view), or null when it does not see it.</summary>
    private static WatchEvent? For(Watcher watcher, WatchEvent watchEvent)
    {
        if (ApiResources.Storage(watcher.Resource) != watchEvent.Resource || watchEvent.Object is null)
        {
            return null;
        }

        var seen = watcher.Resource == watchEvent.Resource ? watchEvent : WatchEvent.Of(watcher.Resource, watchEvent.Type, View(watcher.Resource, watchEvent.Object));
        return watcher.Accepts(seen.Object!) ? seen : null;
    }

    private void Unindex(ApiResource resource, StoredObject obj)
    {
        var key = Key(obj.Namespace, obj.Name);
        foreach (var owner in obj.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var dependents) && dependents.Remove((resource, key)) && dependents.Count == 0)
            {
                _dependents.Remove(owner);
            }
        }
    }

    private static StoredObject View(ApiResource resource, StoredObject stored) =>
        resource.ViewOf is null ? stored : StoredObject.From(EventConversion.FromCore(stored.ToJsonObject()), stored.ResourceVersion);

    private static (ApiResource Resource, JsonObject Object) ToStorage(ApiResource resource, JsonObject obj) =>
        resource.ViewOf is null ? (resource, obj) : (resource.ViewOf, EventConversion.ToCore(obj));

    private Dictionary<string, StoredObject> Table(ApiResource resource)
    {
        resource = ApiResources.Storage(resource);
        if (!_objects.TryGetValue(resource, out var table))
        {
            table = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[resource] = table;
        }

        return table;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    private static string Key(string? ns, string name) => ns is null ? name : ns + "/" + name;
}
